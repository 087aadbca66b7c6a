"""Rendering: one model of rows (`Listing`), one writer per output format."""
