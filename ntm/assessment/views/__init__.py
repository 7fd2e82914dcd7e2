"""Assessment pages: one module per sub-domain (values, dashboards, bulk)."""
