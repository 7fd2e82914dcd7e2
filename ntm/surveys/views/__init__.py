"""Survey pages: one module per sub-domain (campaigns for officers, public for citizens)."""
