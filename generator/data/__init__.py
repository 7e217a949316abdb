"""Reference data shipped with the generator (the province list)."""
