{% macro script(this, kwargs) %}
// The feature the details panel shows, marked on the map: what the server chose for a click
// (which may not be the feature under the pointer) or from the list. The layers restyle on it.
window.dmPicked = {{ this.picked|tojson }};
document.dispatchEvent(new CustomEvent("dm-picked"));
{% endmacro %}
