"""Turning trained models into production artifacts."""
