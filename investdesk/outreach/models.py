"""outreach models."""
