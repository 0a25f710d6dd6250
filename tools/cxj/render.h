/* cxj render: what the SVG and HTML halves of the renderer share: the
 * view of a map (with its scores and drivers when answers are given), XML
 * escaping, and the layout of the map. */
#ifndef CXJ_RENDER_H
#define CXJ_RENDER_H

#include <stdio.h>

#include "cxj.h"

typedef struct view {
	const cxj_journey *j;
	const cxj_responses *r; /* NULL without answers */
	const cxj_scores *sc;   /* NULL without answers */
	const cxj_drivers *d;   /* NULL when the drivers could not be found */
	char drivers_why[256];  /* why not, when answers were given */
	cxj_metric_kind outcome;
	const char *by;         /* segments compared: a column or "source" */
	double level;
	size_t min_n;
	const char *map_path, *answers_path;
} view;

/* ---- XML (render_svg.c) ----
 * Text escaped for element content and attribute values alike; characters
 * XML 1.0 cannot carry (most C0 controls, U+FFFE, U+FFFF, bytes that are
 * not UTF-8) become U+FFFD. */
void xml_textn(FILE *f, const char *s, size_t len);
void xml_text(FILE *f, const char *s);

/* ---- the map (render_svg.c) ---- */
typedef struct layout layout;
layout *layout_new(const view *v);
void layout_free(layout *l);
double layout_width(const layout *l);  /* of the body, labels excluded */
double layout_height(const layout *l);
double layout_label_width(void);

/* The whole map as one SVG document (with its title and legend), or, for
 * a page, the lane labels and the body as two inline SVG elements. */
int svg_document(FILE *f, const view *v, layout *l);
void svg_labels(FILE *f, const layout *l);
void svg_body(FILE *f, const view *v, const layout *l);
/* The drivers chart: importance against performance, four quadrants. */
void svg_drivers(FILE *f, const view *v);
/* The style sheet both outputs share. */
extern const char render_css[];

/* ---- the page (render_html.c) ---- */
int html_page(FILE *f, const view *v, layout *l);

#endif
