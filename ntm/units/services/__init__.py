"""Services of the units app, one module per sub-domain."""
