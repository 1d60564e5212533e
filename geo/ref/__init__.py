"""Reference data and geometry: country shapes and names, the gazetteer, great circles."""
