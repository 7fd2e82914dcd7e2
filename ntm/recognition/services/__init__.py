"""Recognition services: one module per sub-domain (dossiers, procedures)."""
