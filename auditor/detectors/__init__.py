"""Detectors: reusable text, name and place matchers that checks build on."""
