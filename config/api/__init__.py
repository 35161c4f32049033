"""Wiring shared by every API endpoint: how request bodies are read and checked."""
