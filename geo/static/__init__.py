"""The map as an image (PNG, SVG, PDF) with matplotlib, no browser."""
