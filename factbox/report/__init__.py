"""`factbox report`: a factbox as a page people read. `page` builds one model of the page from
the queries; `html` (through the Jinja2 templates in factbox/templates/, autoescaped) and
`markdown` write it; `svg` lays out the divergence charts from `render.axis`, the geometry the
terminal chart uses too."""
