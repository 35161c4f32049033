"""Work to do after a change, recorded in the change's own transaction (a transactional outbox)."""
