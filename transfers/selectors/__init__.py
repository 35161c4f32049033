"""Non-trivial reads of the transfers app, one module per audience."""
