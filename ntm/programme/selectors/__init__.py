"""Selectors of the programme app, one module per sub-domain."""
