{% macro script(this, kwargs) %}
(function() {
    // Each highlighted traveller named above their dot, in the travellers' own group, so the
    // name moves with the time slider as the dot does. Text, never HTML: a name is data.
    const group = {{ this._parent.get_name() }};
    for (const label of {{ this.labels_json }}) {
        const text = document.createElement("span");
        text.textContent = label.text;
        const icon = L.divIcon({className: "dm-traveller-name", html: text, iconSize: null});
        L.marker([label.lat, label.lon], {icon: icon, interactive: false, keyboard: false}).addTo(group);
    }
})();
{% endmacro %}
