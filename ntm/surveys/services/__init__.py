"""Survey services: one module per sub-domain (campaigns, households, answers)."""
