"""The web map: folium maps, every piece of HTML, the exported page and the app's click details."""
