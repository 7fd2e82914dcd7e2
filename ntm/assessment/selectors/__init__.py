"""Assessment reads: one module per sub-domain (assessments, inputs of the engine, dashboards)."""
