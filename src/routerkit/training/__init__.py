"""One trainer for every task."""
