"""Metrics and readable reports."""
