"""budget models."""
