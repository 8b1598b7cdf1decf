"""Loading saved models and predicting."""
