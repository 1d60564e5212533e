"""The bottom layer: settings, errors, feature ids and the layer registry. Imports nothing of geo's."""
