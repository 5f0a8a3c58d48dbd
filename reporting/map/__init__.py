"""The map of France by département: a choropleth of one indicator of the dictionary, drawn
server-side as SVG (no JavaScript), with its legend and the same figures as a table."""
