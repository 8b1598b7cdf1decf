"""Reading, splitting and augmenting datasets."""
