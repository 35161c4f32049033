"""The affiliates' own API endpoints (the shared machinery is in config/api)."""
