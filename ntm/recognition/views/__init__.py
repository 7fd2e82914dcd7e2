"""Recognition pages: one module per sub-domain (dossiers, admin)."""
