/* cxj render, the HTML half: one page, XHTML so that any XML parser reads
 * it, with the map (its lane labels stay in view while the page scrolls
 * sideways), a legend, and with answers the score table, the segment
 * comparison and the drivers chart. No script, nothing fetched. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render.h"

#define MAX_METRICS 64

static const char page_css[] =
    "body{margin:0;font-family:'DejaVu Sans','Liberation Sans',Arial,"
    "Helvetica,sans-serif;color:#1f2933;background:#f0f4f8}"
    "header{padding:18px 24px 8px}h1{margin:0 0 6px;font-size:26px}"
    "h2{font-size:18px;margin:0 0 10px}"
    "p.desc{margin:4px 0;max-width:70em;color:#334e68}"
    "ul.facts{list-style:none;padding:0;margin:10px 0 0;display:flex;"
    "flex-wrap:wrap;gap:8px}ul.facts li{background:#fff;border:1px solid "
    "#d9e2ec;border-radius:6px;padding:6px 10px;font-size:13px}"
    "ul.facts b{font-size:16px}"
    ".map-scroll{overflow-x:auto;margin:8px 24px;background:#fff;border:1px "
    "solid #d9e2ec;border-radius:8px}"
    ".map{display:flex;width:max-content}"
    ".map svg{display:block;flex:none}"
    ".map svg.lanes{position:sticky;left:0;z-index:2;background:#fff;"
    "box-shadow:2px 0 4px rgba(0,0,0,.08)}"
    "section{margin:14px 24px;background:#fff;border:1px solid #d9e2ec;"
    "border-radius:8px;padding:14px 18px}"
    ".legend{display:flex;flex-wrap:wrap;gap:6px 22px;font-size:13px;"
    "align-items:center}.legend span{display:inline-flex;gap:6px;"
    "align-items:center}"
    "table{border-collapse:collapse;font-size:13px}th,td{padding:4px 8px;"
    "border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}"
    "th{background:#f0f4f8}td.num{text-align:right;white-space:nowrap}"
    "td.fig b{font-size:14px}td.fig .ci,td.fig .n{color:#627d98;"
    "font-size:11px;display:block}td.fig .t{font-size:11px;display:block}"
    "td.below .t{color:#c0392b}td.above .t{color:#23875a}"
    "td.low b::after{content:' ?';color:#829ab1}"
    "tr.journey td{font-weight:bold;background:#f8fafc}"
    "tr.stage td:first-child{font-weight:bold}"
    "tr.touchpoint td:first-child{padding-left:22px}"
    ".sig{color:#c0392b;font-weight:bold}.note{color:#627d98;font-size:12px}"
    ".drivers{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}"
    "footer{margin:8px 24px 24px;color:#829ab1;font-size:12px}";

static void facts(FILE *f, const view *v)
{
	fprintf(f, "<ul class=\"facts\"><li><b>%zu</b> stages</li>"
		   "<li><b>%zu</b> touchpoints</li><li><b>%zu</b> personas</li>",
		cxj_journey_stage_count(v->j), cxj_journey_touchpoint_count(v->j),
		cxj_journey_persona_count(v->j));
	if (v->sc) {
		static const char *const kinds[3] = {"csat", "nps", "ces"};
		static const char *const label[3] = {"CSAT", "NPS", "CES"};
		cxj_selection sel = CXJ_SELECTION_INIT;
		fprintf(f, "<li><b>%zu</b> answers and contacts</li>",
			cxj_responses_count(v->r));
		sel.source = CXJ_SOURCE_CUSTOMER;
		for (int k = 0; k < 3; k++) {
			figure fg;
			figure_get(v->sc, cxj_journey_id(v->j), kinds[k], &sel, -1,
				   v->level, v->min_n, &fg);
			if (!fg.m)
				continue;
			fprintf(f, "<li>journey %s <b>%.*f%s</b> [%.*f, %.*f] n=%llu"
				   "%s</li>", label[k], k == 2 ? 2 : 1, fg.value,
				k == 0 ? "%" : "", k == 2 ? 2 : 1, fg.ci.lo,
				k == 2 ? 2 : 1, fg.ci.hi, (unsigned long long)fg.n,
				isnan(fg.target) ? "" : "");
		}
	}
	fputs("</ul>\n", f);
}

static void legend(FILE *f, const view *v)
{
	fputs("<section class=\"legend\" id=\"legend\">"
	      "<span><svg width=\"18\" height=\"18\"><path class=\"e3\" "
	      "d=\"M9 2L17 15L1 15Z\"/></svg>positive</span>"
	      "<span><svg width=\"18\" height=\"18\"><circle class=\"e2\" cx=\"9\" "
	      "cy=\"9\" r=\"7\"/></svg>neutral</span>"
	      "<span><svg width=\"18\" height=\"18\"><path class=\"e1\" "
	      "d=\"M9 16L17 3L1 3Z\"/></svg>negative</span>", f);
	if (v->sc)
		fprintf(f, "<span><svg width=\"18\" height=\"18\"><line "
			   "class=\"whisker e1\" x1=\"9\" y1=\"1\" x2=\"9\" y2=\"17\"/>"
			   "</svg>the curve from the customers' answers with its %g%% "
			   "interval (CSAT, NPS and CES on \xe2\x88\x92" "1..1)</span>"
			   "<span><svg width=\"18\" height=\"18\"><circle class=\"pt "
			   "map e2\" cx=\"9\" cy=\"9\" r=\"6\"/></svg>hollow: no "
			   "answers, the map's experience</span>",
			v->level * 100);
	else
		fputs("<span><svg width=\"18\" height=\"18\"><circle class=\"pt map "
		      "e2\" cx=\"9\" cy=\"9\" r=\"6\"/></svg>the curve from the map's "
		      "experience field</span>", f);
	fputs("<span><svg width=\"18\" height=\"18\"><path class=\"star\" "
	      "d=\"M9 1L11 7L17 7L12 11L14 17L9 13L4 17L6 11L1 7L7 7Z\"/></svg>"
	      "moment of truth</span>"
	      "<span><svg width=\"12\" height=\"12\"><circle class=\"bullet-pain\" "
	      "cx=\"6\" cy=\"6\" r=\"5\"/></svg>pain point</span>"
	      "<span><svg width=\"12\" height=\"12\"><circle class=\"bullet-idea\" "
	      "cx=\"6\" cy=\"6\" r=\"5\"/></svg>opportunity</span>"
	      "<span><svg width=\"40\" height=\"18\"><rect class=\"pill pill-c\" "
	      "x=\"1\" y=\"1\" width=\"38\" height=\"16\" rx=\"8\"/></svg>customer"
	      "</span><span><svg width=\"40\" height=\"18\"><rect class=\"pill "
	      "pill-f\" x=\"1\" y=\"1\" width=\"38\" height=\"16\" rx=\"8\"/></svg>"
	      "front office</span><span><svg width=\"40\" height=\"18\"><rect "
	      "class=\"pill pill-b\" x=\"1\" y=\"1\" width=\"38\" height=\"16\" "
	      "rx=\"8\"/></svg>back office</span>"
	      "<span class=\"note\">Hover a point, a card or a cut text for "
	      "its details.</span></section>\n", f);
}

static void fig_cell(FILE *f, const figure *fg, const char *metric)
{
	int d = !strcasecmp(metric, "csat") || !strcasecmp(metric, "nps") ? 1 : 2;
	if (!fg->m && isnan(fg->target)) {
		fputs("<td></td>", f);
		return;
	}
	fprintf(f, "<td class=\"fig%s%s\"", fg->low_n ? " low" : "",
		isnan(fg->gap) ? "" : fg->gap < 0 ? " below" : " above");
	if (fg->low_n)
		fprintf(f, " title=\"few answers: read with care\"");
	fputs(">", f);
	if (fg->m) {
		fprintf(f, "<b>%.*f</b>", d, fg->value);
		if (!isnan(fg->ci.lo))
			fprintf(f, "<span class=\"ci\">[%.*f, %.*f]</span>", d,
				fg->ci.lo, d, fg->ci.hi);
		fprintf(f, "<span class=\"n\">n=%llu%s</span>",
			(unsigned long long)fg->n, fg->rollup ? ", rolled up" : "");
	} else {
		fputs("<b>\xe2\x80\x93</b><span class=\"n\">no answers</span>", f);
	}
	if (!isnan(fg->target)) {
		fprintf(f, "<span class=\"t\">target %.*f", d, fg->target);
		if (!isnan(fg->gap))
			fprintf(f, " (%+.*f)", d, fg->gap);
		fputs("</span>", f);
	}
	fputs("</td>", f);
}

static void scope_cell(FILE *f, const scope *s)
{
	fprintf(f, "<tr class=\"%s\"><td>", s->level);
	xml_text(f, s->name && *s->name ? s->name : s->id);
	fputs("</td>", f);
}

static void scores_table(FILE *f, const view *v, const scope *sc, size_t ns,
			 const char **metrics, size_t nm)
{
	cxj_selection sel = CXJ_SELECTION_INIT;
	sel.source = CXJ_SOURCE_CUSTOMER;
	fprintf(f, "<section id=\"scores\"><h2>Scores</h2><p class=\"note\">"
		   "Customer answers. CSAT: %% of 4 and 5; NPS: %% promoters "
		   "\xe2\x88\x92 %% detractors; CES and KPIs: means. %g%% intervals "
		   "(Wilson, Wald, t); figures on fewer than %zu answers are marked "
		   "?; a stage or the journey without answers of its own shows "
		   "those of everything in it.</p><table><tr><th></th>",
		v->level * 100, v->min_n);
	for (size_t m = 0; m < nm; m++) {
		fputs("<th>", f);
		xml_text(f, kind_label(metrics[m]));
		fputs("</th>", f);
	}
	fputs("<th>contacts</th></tr>\n", f);
	for (size_t i = 0; i < ns; i++) {
		uint64_t c = cxj_scores_contacts(v->sc, sc[i].id, NULL);
		scope_cell(f, &sc[i]);
		for (size_t m = 0; m < nm; m++) {
			figure fg;
			figure_get(v->sc, sc[i].id, metrics[m], &sel, -1, v->level,
				   v->min_n, &fg);
			fig_cell(f, &fg, metrics[m]);
		}
		if (c)
			fprintf(f, "<td class=\"num\">%llu</td></tr>\n",
				(unsigned long long)c);
		else
			fputs("<td></td></tr>\n", f);
	}
	fputs("</table></section>\n", f);
}

/* The pairs of one figure that differ at the level, Holm-adjusted for
 * segments (a lone pair of sources needs no adjustment). */
static void differences(FILE *f, const view *v, const char *id,
			const char *metric, const group *g, size_t ng,
			int basis, int by_source)
{
	double alpha = 1 - v->level, best = NAN;
	int any = 0;
	if (by_source) {
		cxj_selection a = g[0].sel, b = g[1].sel;
		const cxj_metric *ma, *mb;
		cxj_comparison c = CXJ_COMPARISON_INIT;
		a.rollup = b.rollup = basis;
		ma = scores_metric(v->sc, id, metric, &a, NULL);
		mb = scores_metric(v->sc, id, metric, &b, NULL);
		if (ma && mb && cxj_metric_compare(ma, mb, &c) == CXJ_OK) {
			best = c.p_value;
			if (c.p_value < alpha) {
				fprintf(f, "<span class=\"sig\">customer %s employee, "
					   "p = %.3f</span>",
					c.difference < 0 ? "&lt;" : "&gt;", c.p_value);
				any = 1;
			}
		}
	} else {
		cxj_segment_pairs *sp = NULL;
		cxj_selection sel = g[0].sel;
		sel.rollup = basis;
		sel.segment = NULL;
		if (cxj_scores_compare_segments(v->sc, id, metric, &sel, &sp) ==
		    CXJ_OK) {
			for (size_t i = 0; i < cxj_segment_pairs_count(sp); i++) {
				cxj_segment_pair p = CXJ_SEGMENT_PAIR_INIT;
				if (cxj_segment_pairs_get(sp, i, &p) != CXJ_OK ||
				    isnan(p.p_holm))
					continue;
				if (isnan(best) || p.p_holm < best)
					best = p.p_holm;
				if (p.p_holm >= alpha)
					continue;
				fputs(any ? "<br/>" : "", f);
				fputs("<span class=\"sig\">", f);
				xml_text(f, p.segment_a);
				fputs(p.comparison.difference < 0 ? " &lt; " : " &gt; ", f);
				xml_text(f, p.segment_b);
				fprintf(f, ", p<sub>Holm</sub> = %.3f</span>", p.p_holm);
				any = 1;
			}
		}
		cxj_segment_pairs_free(sp);
	}
	(void)ng;
	if (!any && !isnan(best))
		fprintf(f, "<span class=\"note\">no difference at %g%% (smallest "
			   "p = %.2f)</span>", v->level * 100, best);
}

static void segments_table(FILE *f, const view *v, const scope *sc, size_t ns,
			   const char **metrics, size_t nm)
{
	const char *by = v->by ? v->by : "segment";
	int by_source = !strcasecmp(by, "source");
	cxj_selection base = CXJ_SELECTION_INIT;
	group *g;
	size_t ng;
	base.source = by_source ? CXJ_ANY_SOURCE : CXJ_SOURCE_CUSTOMER;
	g = groups_list(v->sc, by, &base, 0, &ng);
	fputs("<section id=\"segments\"><h2>Segments compared: ", f);
	xml_text(f, by);
	fputs("</h2>", f);
	if (!g || ng < 2) {
		fputs("<p class=\"note\">The answers have fewer than two ", f);
		xml_text(f, by);
		fputs(" values: nothing to compare.</p></section>\n", f);
		free(g);
		return;
	}
	fprintf(f, "<p class=\"note\">%s answers; value [%g%% interval] n. "
		   "Differences are tested pair by pair (z or Welch t) and "
		   "adjusted by Holm over the pairs of a figure.</p><table><tr>"
		   "<th></th><th>metric</th>",
		by_source ? "All" : "Customer", v->level * 100);
	for (size_t k = 0; k < ng; k++) {
		fputs("<th>", f);
		xml_text(f, g[k].name);
		fputs("</th>", f);
	}
	fputs("<th>difference</th></tr>\n", f);
	for (size_t i = 0; i < ns; i++) {
		for (size_t m = 0; m < nm; m++) {
			figure all, fg[2];
			int with = 0, basis;
			cxj_selection any = base;
			figure_get(v->sc, sc[i].id, metrics[m], &any, -1, v->level,
				   v->min_n, &all);
			if (!all.m)
				continue;
			basis = all.rollup;
			for (size_t k = 0; k < ng && with < 2; k++) {
				figure_get(v->sc, sc[i].id, metrics[m], &g[k].sel,
					   basis, v->level, v->min_n, &fg[0]);
				with += fg[0].m != NULL;
			}
			if (with < 2)
				continue;
			scope_cell(f, &sc[i]);
			fputs("<td>", f);
			xml_text(f, kind_label(metrics[m]));
			fputs("</td>", f);
			for (size_t k = 0; k < ng; k++) {
				figure_get(v->sc, sc[i].id, metrics[m], &g[k].sel,
					   basis, v->level, v->min_n, &fg[1]);
				fig_cell(f, &fg[1], metrics[m]);
			}
			fputs("<td>", f);
			differences(f, v, sc[i].id, metrics[m], g, ng, basis,
				    by_source);
			fputs("</td></tr>\n", f);
		}
	}
	fputs("</table></section>\n", f);
	free(g);
}

static void drivers_section(FILE *f, const view *v)
{
	fprintf(f, "<section id=\"drivers\"><h2>Key drivers of the journey %s"
		   "</h2>", kind_label(cxj_metric_kind_name(v->outcome)));
	if (!v->d) {
		fputs("<p class=\"note\">No drivers: ", f);
		xml_text(f, v->drivers_why);
		fputs(".</p></section>\n", f);
		return;
	}
	fprintf(f, "<p class=\"note\">Importance: Spearman correlation of each "
		   "touchpoint's CSAT with the journey %s of the same "
		   "respondents (%zu of them); performance: the touchpoint's CSAT "
		   "top-2 %%. The quadrants split at the averages; fix first = "
		   "important and below average. Relative weights: R\xc2\xb2 = "
		   "%.2f.</p><div class=\"drivers\">",
		kind_label(cxj_metric_kind_name(v->outcome)), cxj_drivers_respondents(v->d),
		cxj_drivers_r2(v->d));
	svg_drivers(f, v);
	fputs("<table><tr><th>#</th><th>touchpoint</th><th>quadrant</th>"
	      "<th>r</th><th>p</th><th>weight %</th><th>CSAT %</th>"
	      "<th>pairs</th></tr>\n", f);
	for (size_t i = 0; i < cxj_drivers_count(v->d); i++) {
		cxj_driver dr = CXJ_DRIVER_INIT;
		const cxj_touchpoint *tp;
		if (cxj_drivers_get(v->d, i, &dr) != CXJ_OK)
			continue;
		tp = cxj_journey_find_touchpoint(v->j, dr.touchpoint);
		if (i < cxj_drivers_ranked(v->d))
			fprintf(f, "<tr><td class=\"num\">%zu</td><td>", i + 1);
		else
			fputs("<tr><td></td><td>", f);
		xml_text(f, tp && *cxj_touchpoint_name(tp) ? cxj_touchpoint_name(tp)
							   : dr.touchpoint);
		fprintf(f, "</td><td>%s</td>", cxj_quadrant_name(dr.quadrant));
		if (isnan(dr.importance))
			fputs("<td></td><td></td><td></td>", f);
		else
			fprintf(f, "<td class=\"num\">%.2f</td><td class=\"num\">%.3f"
				   "</td><td class=\"num\">%.1f</td>",
				dr.importance, dr.p_value, dr.relative_share);
		fprintf(f, "<td class=\"num\">%.1f</td><td class=\"num\">%zu</td>"
			   "</tr>\n", dr.performance, dr.pairs);
	}
	fputs("</table></div></section>\n", f);
}

int html_page(FILE *f, const view *v, layout *l)
{
	const char *name = cxj_journey_name(v->j);
	const char *title = *name ? name : cxj_journey_id(v->j);
	wrapper w;
	const char *line;
	size_t len;
	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
	      "lang=\"en\">\n<head><meta charset=\"utf-8\"/>"
	      "<meta name=\"viewport\" content=\"width=device-width\"/>"
	      "<title>", f);
	xml_text(f, title);
	fprintf(f, " \xe2\x80\x93 journey map</title>\n<style>%s%s</style>\n"
		   "</head>\n<body>\n<header><h1>", render_css, page_css);
	xml_text(f, title);
	fputs("</h1>", f);
	/* one paragraph a line of the description */
	wrap_init(&w, cxj_journey_description(v->j), (size_t)-1 / 2, cp_columns);
	while (wrap_next(&w, &line, &len)) {
		fputs("<p class=\"desc\">", f);
		xml_textn(f, line, len);
		fputs("</p>", f);
	}
	facts(f, v);
	fprintf(f, "</header>\n<div class=\"map-scroll\"><div class=\"map\">"
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lanes\" "
		   "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
		layout_label_width(), layout_height(l), layout_label_width(),
		layout_height(l));
	svg_labels(f, l);
	fprintf(f, "</svg><svg xmlns=\"http://www.w3.org/2000/svg\" "
		   "class=\"body\" width=\"%.0f\" height=\"%.0f\" "
		   "viewBox=\"0 0 %.0f %.0f\" role=\"img\"><title>",
		layout_width(l), layout_height(l), layout_width(l),
		layout_height(l));
	xml_text(f, title);
	fputs("</title>\n", f);
	svg_body(f, v, l);
	fputs("</svg></div></div>\n", f);
	legend(f, v);
	if (v->sc) {
		const char *metrics[MAX_METRICS];
		size_t nm = answer_metrics(v->r, metrics, MAX_METRICS), ns;
		scope *sc = scopes_list(v->j, &ns);
		if (!sc)
			return -1;
		scores_table(f, v, sc, ns, metrics, nm);
		segments_table(f, v, sc, ns, metrics, nm);
		drivers_section(f, v);
		free(sc);
	}
	fprintf(f, "<footer>Drawn by cxj %s from ", cxj_version());
	xml_text(f, v->map_path);
	if (v->answers_path) {
		fputs(" and ", f);
		xml_text(f, v->answers_path);
	}
	fputs(".</footer>\n</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
