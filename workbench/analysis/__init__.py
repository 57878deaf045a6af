"""Aggregates, TOP lists, rising issues, trends, anomalies, drivers, alerts: pure functions."""
