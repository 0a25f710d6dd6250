/* cxj render, the SVG half: the map of article 000 as swimlanes under the
 * stages (one column per touchpoint, the emotional curve across them), and
 * the drivers chart. Two passes over the map: measure, then draw; each
 * touchpoint is wrapped and drawn once per pass, so time is linear in the
 * map's size. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

#define LABEL_W 224.0 /* the lane labels */
#define COL_W 200.0   /* a touchpoint's column */
#define GAP 16.0
#define PITCH (COL_W + GAP)
#define PAD 9.0
#define LANE_H 24.0   /* a lane's header band */
#define CURVE_H 150.0
#define VIS_GAP 26.0  /* room for the line of visibility */
#define TITLE_H 64.0  /* the standalone document's title */
#define LEGEND_H 40.0
#define PI 3.14159265358979323846

const char render_css[] =
    "svg text{font-family:'DejaVu Sans','Liberation Sans',Arial,Helvetica,"
    "sans-serif;fill:#1f2933;font-size:12px}"
    ".lane-band{opacity:.10}.lane-title{font-weight:bold;font-size:10px}"
    ".l0{fill:#3d5a80}.l1{fill:#2a7f8f}.l2{fill:#6d597a}.l3{fill:#c8553d}"
    ".row-label{fill:#52606d;font-size:11px}"
    ".stage-bg0{fill:#f4f7fb}.stage-bg1{fill:#ffffff}"
    ".stage-head{fill:#243b53}.stage-head-text{fill:#fff}"
    "text.stage-name{fill:#fff;font-weight:bold;font-size:15px}"
    "text.stage-desc{fill:#d9e2ec;font-size:11px}"
    "text.stage-fig{fill:#fff;font-size:11px;font-weight:bold}"
    ".card{fill:#fff;stroke:#9fb3c8;stroke-width:1.2}"
    ".card.mot{stroke:#d99a00;stroke-width:2.4}"
    "text.tp-name{font-weight:bold;font-size:13px}"
    "text.tp-id{fill:#829ab1;font-size:10px}"
    "text.activity{font-weight:bold}"
    "text.feel{font-style:italic;fill:#334e68}"
    "text.promise{fill:#8d6a00;font-weight:bold}"
    "text.muted{fill:#829ab1;font-size:11px}"
    "text.fig{font-size:11px;font-weight:bold;fill:#243b53}"
    "text.fig.low{fill:#829ab1}"
    ".pill{stroke-width:1}.pill-c{fill:#e3ecf7;stroke:#9fb3c8}"
    ".pill-f{fill:#dff3f1;stroke:#7fc4bd}.pill-b{fill:#ece6f1;stroke:#b4a2c2}"
    ".pill-ch{fill:#243b53;stroke:#243b53}text.pill-ch-text{fill:#fff;"
    "font-size:11px;font-weight:bold}text.pill-text{font-size:11px}"
    ".bullet-pain{fill:#d64550}.bullet-idea{fill:#2e9e5b}"
    ".bullet-step{fill:#9fb3c8}.bullet-sys{fill:#6d597a}"
    ".vis-line{stroke:#52606d;stroke-width:1.5;stroke-dasharray:8 5}"
    "text.vis-label{fill:#52606d;font-size:11px;font-style:italic}"
    ".curve-band{fill:#f8fafc}.curve-pos{fill:#2e9e5b;opacity:.06}"
    ".curve-neg{fill:#d64550;opacity:.06}"
    ".guide{stroke:#bcccdc;stroke-width:1}.guide0{stroke:#829ab1;"
    "stroke-width:1;stroke-dasharray:3 3}"
    ".curve{fill:none;stroke:#52606d;stroke-width:2;stroke-linejoin:round}"
    ".whisker{stroke-width:2}"
    ".e1{fill:#d64550;stroke:#d64550}.e2{fill:#e3a72f;stroke:#e3a72f}"
    ".e3{fill:#2e9e5b;stroke:#2e9e5b}.e0{fill:#9aa5b1;stroke:#9aa5b1}"
    ".pt{stroke:#fff;stroke-width:1.5}.pt.map{fill:#fff;stroke-width:2.5}"
    ".pt.map.e1{stroke:#d64550}.pt.map.e2{stroke:#e3a72f}"
    ".pt.map.e3{stroke:#2e9e5b}.pt.map.e0{stroke:#9aa5b1}"
    ".star{fill:#f2b705;stroke:#b88600;stroke-width:1}"
    "text.pt-label{font-size:11px;font-weight:bold}"
    ".sep{stroke:#bcccdc;stroke-width:1}"
    "text.doc-title{font-size:22px;font-weight:bold}"
    "text.doc-sub{font-size:12px;fill:#52606d}"
    ".q1{fill:#d64550}.q2{fill:#2e9e5b}.q3{fill:#9aa5b1}.q4{fill:#5b8fb9}"
    ".qbg1{fill:#d64550;opacity:.07}.qbg2{fill:#2e9e5b;opacity:.07}"
    ".axis{stroke:#52606d;stroke-width:1}text.axis-label{fill:#52606d}"
    "text.q-label{font-weight:bold;font-size:12px;fill:#52606d}";

/* ---- XML ---- */

void xml_textn(FILE *f, const char *s, size_t len)
{
	const char *end = s + len;
	while (s < end) {
		const unsigned char c = (unsigned char)*s;
		uint32_t cp;
		size_t n;
		if (c < 0x80) {
			switch (c) {
			case '&': fputs("&amp;", f); break;
			case '<': fputs("&lt;", f); break;
			case '>': fputs("&gt;", f); break;
			case '"': fputs("&quot;", f); break;
			case '\'': fputs("&#39;", f); break;
			default:
				if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
					fputs("\xef\xbf\xbd", f);
				else
					fputc(c, f);
			}
			s++;
			continue;
		}
		n = utf8_next(s, end, &cp);
		/* stray bytes, surrogates and the two noncharacters XML bars */
		if (n == 1 || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe ||
		    cp == 0xffff || cp > 0x10ffff)
			fputs("\xef\xbf\xbd", f);
		else
			fwrite(s, 1, n, f);
		s += n;
	}
}

void xml_text(FILE *f, const char *s)
{
	xml_textn(f, s, strlen(s));
}

/* ---- measuring text ----
 * Widths in hundredths of an em, close to DejaVu Sans (wider than most
 * sans-serif faces, so text wraps early rather than overflows). */
static unsigned em100(uint32_t cp)
{
	if (cp < 0x80) {
		if (cp == ' ')
			return 32;
		if (strchr("ijl.,:;'|!", (int)cp))
			return 29;
		if (strchr("frt()[]/-\"", (int)cp))
			return 41;
		if (cp == 'm' || cp == 'w')
			return 93;
		if (cp == 'M' || cp == 'W')
			return 97;
		if (cp >= 'A' && cp <= 'Z')
			return 72;
		return 63;
	}
	return cp_columns(cp) * 64 - (cp_columns(cp) == 2 ? 28 : 0);
}

typedef struct tstyle {
	double size;
	int bold;
	const char *cls;
	int max_lines;
} tstyle;

static size_t units_for(double px, const tstyle *st)
{
	double u = px * 100.0 / st->size;
	return (size_t)(st->bold ? u * 0.9 : u);
}

static double line_h(const tstyle *st)
{
	return st->size * 1.3;
}

/* Wraps s into lines of w px and, when f is set, draws them from the top
 * y. At most max_lines lines: then the last ends in an ellipsis and the
 * whole text is the tooltip. Returns the height used. */
static double text_block(FILE *f, double x, double y, double w, const char *s,
			 const tstyle *st)
{
	wrapper it;
	const char *line;
	size_t len, lines = 0, max = st->max_lines ? (size_t)st->max_lines : 1000;
	int cut = 0;
	if (!s || !*s)
		return 0;
	wrap_init(&it, s, units_for(w, st), em100);
	while (wrap_next(&it, &line, &len))
		if (++lines > max) {
			cut = 1;
			lines = max;
			break;
		}
	if (!f || !lines)
		return (double)lines * line_h(st);
	fprintf(f, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\">", st->cls, x,
		y + st->size * 0.95);
	if (cut) {
		fputs("<title>", f);
		xml_text(f, s);
		fputs("</title>", f);
	}
	wrap_init(&it, s, units_for(w - (cut ? st->size * 0.8 : 0), st), em100);
	for (size_t i = 0; i < lines && wrap_next(&it, &line, &len); i++) {
		fprintf(f, "<tspan x=\"%.1f\" dy=\"%.1f\">", x,
			i ? line_h(st) : 0.0);
		xml_textn(f, line, len);
		if (cut && i + 1 == lines)
			fputs("\xe2\x80\xa6", f);
		fputs("</tspan>", f);
	}
	fputs("</text>\n", f);
	return (double)lines * line_h(st);
}

static const tstyle T_BODY = {12, 0, "body", 5};
static const tstyle T_ACTIVITY = {12, 1, "activity", 3};
static const tstyle T_ITEM = {12, 0, "item", 3};
static const tstyle T_NAME = {13, 1, "tp-name", 3};
static const tstyle T_ID = {10, 0, "tp-id", 1};
static const tstyle T_FEEL = {12, 0, "feel", 5};
static const tstyle T_PROMISE = {12, 1, "promise", 5};
static const tstyle T_FIG = {11, 1, "fig", 1};
static const tstyle T_FIGLOW = {11, 1, "fig low", 1};
static const tstyle T_MUTED = {11, 0, "muted", 1};
static const tstyle T_PILL = {11, 0, "pill-text", 1};
static const tstyle T_PILLCH = {11, 1, "pill-ch-text", 1};
static const tstyle T_STAGE = {15, 1, "stage-name", 2};
static const tstyle T_STAGEDESC = {11, 0, "stage-desc", 3};
static const tstyle T_STAGEFIG = {11, 1, "stage-fig", 2};

#define MAX_ITEMS 6

/* A bulleted list; more than MAX_ITEMS items end in "+N more". */
static double list_block(FILE *f, double x, double y, double w,
			 const cxj_touchpoint *tp, cxj_list list,
			 const char *bullet)
{
	size_t n = cxj_touchpoint_item_count(tp, list), shown;
	double h = 0;
	shown = n > MAX_ITEMS ? MAX_ITEMS - 1 : n;
	for (size_t i = 0; i < shown; i++) {
		if (f)
			fprintf(f, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" "
				   "r=\"3\"/>\n", bullet, x + 3, y + h + 7.5);
		h += text_block(f, x + 11, y + h, w - 11,
				cxj_touchpoint_item_at(tp, list, i), &T_ITEM) + 3;
	}
	if (shown < n) {
		char more[48];
		snprintf(more, sizeof more, "+%zu more", n - shown);
		if (f) {
			fprintf(f, "<text class=\"muted\" x=\"%.1f\" y=\"%.1f\">"
				   "<title>", x + 11, y + h + 11);
			for (size_t i = shown; i < n; i++) {
				xml_text(f, cxj_touchpoint_item_at(tp, list, i));
				fputs(i + 1 < n ? "\n" : "", f);
			}
			fprintf(f, "</title>%s</text>\n", more);
		}
		h += line_h(&T_MUTED) + 3;
	}
	return h;
}

/* A one-line rounded label (a persona, the channel); the full text in its
 * tooltip. */
static double pill(FILE *f, double x, double y, double w, const char *text,
		   const char *title, const char *cls, const tstyle *st)
{
	tstyle one = *st;
	double tw;
	if (!f)
		return 22;
	one.max_lines = 1;
	tw = (double)text_width(text, strlen(text), em100) * st->size / 100.0 *
	     (st->bold ? 1.1 : 1.0);
	if (tw > w - 14)
		tw = w - 14;
	fputs("<g><title>", f);
	xml_text(f, title);
	fprintf(f, "</title><rect class=\"pill %s\" x=\"%.1f\" y=\"%.1f\" "
		   "width=\"%.1f\" height=\"18\" rx=\"9\"/>\n",
		cls, x, y, tw + 14);
	text_block(f, x + 7, y + 2.5, w - 14, text, &one);
	fputs("</g>\n", f);
	return 22;
}

static double persona_pills(FILE *f, double x, double y, double w,
			    const cxj_touchpoint *tp, cxj_persona_kind kind,
			    const char *cls)
{
	size_t n = cxj_touchpoint_persona_count(tp, kind);
	double h = 0;
	for (size_t i = 0; i < n; i++) {
		const cxj_persona *p = cxj_touchpoint_persona_at(tp, kind, i);
		const char *name = cxj_persona_name(p);
		char title[1100];
		snprintf(title, sizeof title, "%s (%s)%s%.800s",
			 *name ? name : cxj_persona_id(p), cxj_persona_id(p),
			 *cxj_persona_description(p) ? ": " : "",
			 cxj_persona_description(p));
		h += pill(f, x, y + h, w, *name ? name : cxj_persona_id(p), title,
			  cls, &T_PILL);
	}
	return h;
}

/* ---- the layout ---- */

enum row {
	R_ACTIVITY, R_STEPS, R_CUSTOMERS, R_CARD, R_FRONT, R_BACK, R_PROCESS,
	R_SYSTEMS, R_CURVE, R_FEEL, R_PAIN, R_TRUTH, R_IDEAS, NROWS
};
static const char *const row_names[NROWS] = {
    "Activity", "Steps", "Customer personas", "Touchpoint & channel",
    "Customer interface", "Back office", "Back-end process",
    "Systems / tools", "Experience", "Think & feel", "Pain points",
    "Moment of truth", "Opportunities"};
static const int lane_first[5] = {R_ACTIVITY, R_CARD, R_BACK, R_CURVE, NROWS};
static const char *const lane_names[4] = {
    "LINE OF JOURNEY", "LINE OF CUSTOMER VISIBILITY",
    "LINE OF INTERNAL INTERACTION", "LINE OF EMOTIONAL EXPERIENCE"};

/* A point of the emotional curve. */
typedef struct point {
	double v, lo, hi;  /* -1..1; NaN bounds without an interval */
	cxj_experience e;
	int answered;      /* from answers; else from the map's experience */
	size_t col;        /* the column it stands in */
	uint64_t n[3];     /* customer answers: CSAT, NPS, CES */
} point;

struct layout {
	size_t ntp, ncols;
	double stage_h, row_h[NROWS], row_y[NROWS], lane_y[4], vis_y, height;
	point *pts;
};

double layout_label_width(void) { return LABEL_W; }
double layout_width(const layout *l) { return (double)l->ncols * PITCH; }
double layout_height(const layout *l) { return l->height; }

void layout_free(layout *l)
{
	if (l)
		free(l->pts);
	free(l);
}

static const char *const kinds3[3] = {"csat", "nps", "ces"};

/* The curve's value is the library's (cxj_scores_curve_value); its
 * interval is the answer-weighted mean of the intervals of the parts, each
 * put on -1..1 as the value is: conservative where parts are several. */
static void curve_point(const view *v, const cxj_touchpoint *tp, size_t index,
			point *p)
{
	static const double shift[3] = {3, 0, 4}, scale[3] = {2, 100, 3};
	cxj_selection sel = CXJ_SELECTION_INIT;
	double wsum = 0, lo = 0, hi = 0;
	int ok = 1;
	memset(p, 0, sizeof *p);
	p->lo = p->hi = NAN;
	p->v = v->sc ? cxj_scores_curve_value(v->sc, index) : NAN;
	if (isnan(p->v)) {
		static const double at[4] = {NAN, -0.6, 0, 0.6};
		p->e = cxj_touchpoint_experience(tp);
		p->v = at[p->e];
		return;
	}
	p->answered = 1;
	p->e = cxj_scores_experience(v->sc, cxj_touchpoint_id(tp));
	sel.source = CXJ_SOURCE_CUSTOMER;
	for (int k = 0; k < 3; k++) {
		const cxj_metric *m = scores_metric(v->sc, cxj_touchpoint_id(tp),
						    kinds3[k], &sel, NULL);
		cxj_interval ci = CXJ_INTERVAL_INIT;
		double w;
		if (!m || !(w = cxj_metric_weight_sum(m)))
			continue;
		p->n[k] = cxj_metric_count(m);
		if (cxj_metric_interval(m, k == 1 ? CXJ_FIGURE_VALUE
						  : CXJ_FIGURE_MEAN,
					CXJ_METHOD_DEFAULT, v->level, &ci) != CXJ_OK) {
			ok = 0;
			continue;
		}
		lo += w * (ci.lo - shift[k]) / scale[k];
		hi += w * (ci.hi - shift[k]) / scale[k];
		wsum += w;
	}
	if (ok && wsum > 0) {
		p->lo = lo / wsum;
		p->hi = hi / wsum;
	}
}

static double card_figures(FILE *f, const view *v, const cxj_touchpoint *tp,
			   double x, double y, double w)
{
	cxj_selection sel = CXJ_SELECTION_INIT;
	double h = 0;
	if (!v->sc)
		return 0;
	sel.source = CXJ_SOURCE_CUSTOMER;
	for (int k = 0; k < 3; k++) {
		static const char *const label[3] = {"CSAT", "NPS", "CES"};
		figure fg;
		char buf[128];
		int d = k == 2 ? 1 : 0;
		figure_get(v->sc, cxj_touchpoint_id(tp), kinds3[k], &sel, 0,
			   v->level, v->min_n, &fg);
		if (!fg.m)
			continue;
		if (isnan(fg.ci.lo))
			snprintf(buf, sizeof buf, "%s %.*f%s  n=%llu%s", label[k], d,
				 fg.value, k == 0 ? "%" : "",
				 (unsigned long long)fg.n, fg.low_n ? "?" : "");
		else
			snprintf(buf, sizeof buf, "%s %.*f%s [%.*f\xe2\x80\x93%.*f] n=%llu%s",
				 label[k], d, fg.value, k == 0 ? "%" : "", d,
				 fg.ci.lo, d, fg.ci.hi, (unsigned long long)fg.n,
				 fg.low_n ? "?" : "");
		h += text_block(f, x, y + h, w, buf, fg.low_n ? &T_FIGLOW : &T_FIG);
	}
	return h;
}

static void star(FILE *f, double cx, double cy, double r)
{
	fputs("<path class=\"star\" d=\"", f);
	for (int i = 0; i < 10; i++) {
		double a = -PI / 2 + i * PI / 5, rr = i % 2 ? r * 0.45 : r;
		fprintf(f, "%c%.1f %.1f", i ? 'L' : 'M', cx + rr * cos(a),
			cy + rr * sin(a));
	}
	fputs("Z\"/>", f);
}

/* The experience marker: up for positive, down for negative, a circle
 * for neutral, so that the curve reads without colour too. */
static void marker(FILE *f, double cx, double cy, cxj_experience e, int hollow)
{
	const char *cls = hollow ? "pt map" : "pt";
	if (e == CXJ_EXPERIENCE_POSITIVE)
		fprintf(f, "<path class=\"%s e3\" d=\"M%.1f %.1fL%.1f %.1fL%.1f "
			   "%.1fZ\"/>", cls, cx, cy - 8, cx + 8, cy + 6, cx - 8,
			cy + 6);
	else if (e == CXJ_EXPERIENCE_NEGATIVE)
		fprintf(f, "<path class=\"%s e1\" d=\"M%.1f %.1fL%.1f %.1fL%.1f "
			   "%.1fZ\"/>", cls, cx, cy + 8, cx + 8, cy - 6, cx - 8,
			cy - 6);
	else
		fprintf(f, "<circle class=\"%s e%d\" cx=\"%.1f\" cy=\"%.1f\" "
			   "r=\"6.5\"/>", cls, (int)e, cx, cy);
}

static double curve_y(const layout *l, double v)
{
	return l->row_y[R_CURVE] + CURVE_H / 2 - v * (CURVE_H / 2 - 16);
}

static void draw_point(FILE *f, const view *v, const layout *l,
		       const cxj_touchpoint *tp, const point *p, double cx)
{
	const char *name = cxj_touchpoint_name(tp);
	fputs("<g class=\"point\"><title>", f);
	xml_text(f, *name ? name : cxj_touchpoint_id(tp));
	fputs(" (", f);
	xml_text(f, cxj_touchpoint_id(tp));
	fprintf(f, ")\n%s", cxj_experience_name(p->e));
	if (p->answered) {
		fprintf(f, ": %+.2f", p->v);
		if (!isnan(p->lo))
			fprintf(f, " [%+.2f, %+.2f] at %g%%", p->lo, p->hi,
				v->level * 100);
		fprintf(f, "\nn = %llu customer answers (CSAT %llu, NPS %llu, "
			   "CES %llu)</title>",
			(unsigned long long)(p->n[0] + p->n[1] + p->n[2]),
			(unsigned long long)p->n[0], (unsigned long long)p->n[1],
			(unsigned long long)p->n[2]);
	} else {
		fprintf(f, ", from the map%s</title>",
			v->sc ? " (no customer answers here)" : "");
	}
	if (isnan(p->v)) {
		fprintf(f, "<text class=\"pt-label e0\" x=\"%.1f\" y=\"%.1f\" "
			   "text-anchor=\"middle\">?</text></g>\n",
			cx, curve_y(l, 0) + 4);
		return;
	}
	if (!isnan(p->lo))
		fprintf(f, "<line class=\"whisker e%d\" x1=\"%.1f\" y1=\"%.1f\" "
			   "x2=\"%.1f\" y2=\"%.1f\"/>",
			(int)p->e, cx, curve_y(l, p->lo), cx, curve_y(l, p->hi));
	marker(f, cx, curve_y(l, p->v), p->e, !p->answered);
	if (p->answered)
		fprintf(f, "<text class=\"pt-label\" x=\"%.1f\" y=\"%.1f\">%+.2f"
			   "</text>", cx + 11, curve_y(l, p->v) + 4, p->v);
	fputs("</g>\n", f);
}

/* One row of one touchpoint: measured (f NULL) or drawn, from the row's
 * top y in the column at x. Returns the content's height. */
static double draw_row(FILE *f, const view *v, const layout *l, int row,
		       const cxj_touchpoint *tp, size_t index, double x, double y)
{
	const double w = COL_W - 2 * PAD;
	double h = 0;
	x += PAD;
	y += 7;
	switch (row) {
	case R_ACTIVITY:
		return text_block(f, x, y, w, cxj_touchpoint_activity(tp),
				  &T_ACTIVITY);
	case R_STEPS:
		return list_block(f, x, y, w, tp, CXJ_LIST_STEPS, "bullet-step");
	case R_CUSTOMERS:
		return persona_pills(f, x, y, w, tp, CXJ_PERSONA_CUSTOMER,
				     "pill-c");
	case R_CARD: {
		const char *ch = cxj_touchpoint_channel(tp);
		const int mot = cxj_touchpoint_moment_of_truth(tp);
		if (f) {
			fprintf(f, "<rect class=\"card%s\" x=\"%.1f\" y=\"%.1f\" "
				   "width=\"%.1f\" height=\"%.1f\" rx=\"6\"/>\n",
				mot ? " mot" : "", x - PAD + 1, y - 5, COL_W - 2,
				l->row_h[R_CARD] - 6);
			if (mot)
				star(f, x + w - 4, y + 4, 8);
		}
		h = text_block(f, x, y, w - (mot ? 16 : 0),
			       *cxj_touchpoint_name(tp) ? cxj_touchpoint_name(tp)
							: cxj_touchpoint_id(tp),
			       &T_NAME);
		h += text_block(f, x, y + h, w, cxj_touchpoint_id(tp), &T_ID) + 4;
		if (*ch)
			h += pill(f, x, y + h, w, ch, "channel", "pill-ch",
				  &T_PILLCH);
		return h + card_figures(f, v, tp, x, y + h, w) + 4;
	}
	case R_FRONT:
		return persona_pills(f, x, y, w, tp, CXJ_PERSONA_FRONT_OFFICE,
				     "pill-f");
	case R_BACK:
		return persona_pills(f, x, y, w, tp, CXJ_PERSONA_BACK_OFFICE,
				     "pill-b");
	case R_PROCESS:
		return text_block(f, x, y, w,
				  cxj_touchpoint_back_end_process(tp), &T_BODY);
	case R_SYSTEMS:
		return list_block(f, x, y, w, tp, CXJ_LIST_SYSTEMS, "bullet-sys");
	case R_CURVE:
		if (f)
			draw_point(f, v, l, tp, &l->pts[index],
				   x - PAD + COL_W / 2);
		return CURVE_H - 14;
	case R_FEEL:
		return text_block(f, x, y, w, cxj_touchpoint_think_feel(tp),
				  &T_FEEL);
	case R_PAIN:
		return list_block(f, x, y, w, tp, CXJ_LIST_PAIN_POINTS,
				  "bullet-pain");
	case R_TRUTH:
		if (!cxj_touchpoint_moment_of_truth(tp))
			return 0;
		if (f)
			star(f, x + 6, y + 7, 7);
		return text_block(f, x + 17, y, w - 17,
				  *cxj_touchpoint_promise(tp)
				      ? cxj_touchpoint_promise(tp)
				      : "(no promise written)",
				  &T_PROMISE);
	case R_IDEAS:
		return list_block(f, x, y, w, tp, CXJ_LIST_OPPORTUNITIES,
				  "bullet-idea");
	}
	return 0;
}

static double stage_head(FILE *f, const view *v, const cxj_stage *st,
			 size_t s, double x, double w)
{
	char buf[700];
	double h = 8;
	const char *name = cxj_stage_name(st);
	snprintf(buf, sizeof buf, "%zu  %s", s + 1, *name ? name : cxj_stage_id(st));
	h += text_block(f, x + 10, h, w - 20, buf, &T_STAGE);
	h += text_block(f, x + 10, h + 2, w - 20, cxj_stage_description(st),
			&T_STAGEDESC) + 2;
	if (v->sc) {
		cxj_selection sel = CXJ_SELECTION_INIT;
		size_t at = 0;
		sel.source = CXJ_SOURCE_CUSTOMER;
		for (int k = 0; k < 3 && at < sizeof buf - 64; k++) {
			static const char *const label[3] = {"CSAT", "NPS", "CES"};
			figure fg;
			figure_get(v->sc, cxj_stage_id(st), kinds3[k], &sel, -1,
				   v->level, v->min_n, &fg);
			if (fg.m)
				at += (size_t)snprintf(buf + at, sizeof buf - at,
						       "%s%s %.*f%s n=%llu%s",
						       at ? " \xc2\xb7 " : "", label[k],
						       k == 2 ? 1 : 0, fg.value,
						       k == 0 ? "%" : "",
						       (unsigned long long)fg.n,
						       fg.low_n ? "?" : "");
		}
		if (at)
			h += text_block(f, x + 10, h + 2, w - 20, buf,
					&T_STAGEFIG) + 2;
	}
	return h + 8;
}

layout *layout_new(const view *v)
{
	layout *l = calloc(1, sizeof *l);
	size_t ns = cxj_journey_stage_count(v->j), idx = 0;
	double y;
	if (!l)
		return NULL;
	l->ntp = cxj_journey_touchpoint_count(v->j);
	l->pts = malloc((l->ntp + 1) * sizeof *l->pts);
	if (!l->pts) {
		free(l);
		return NULL;
	}
	for (int r = 0; r < NROWS; r++)
		l->row_h[r] = 30;
	l->row_h[R_CURVE] = CURVE_H;
	for (size_t s = 0; s < ns; s++) {
		const cxj_stage *st = cxj_journey_stage_at(v->j, s);
		size_t n = cxj_stage_touchpoint_count(st), cols = n ? n : 1;
		double sh = stage_head(NULL, v, st, s, 0, (double)cols * PITCH - GAP);
		l->stage_h = sh > l->stage_h ? sh : l->stage_h;
		l->ncols += cols;
		for (size_t t = 0; t < n; t++, idx++) {
			const cxj_touchpoint *tp = cxj_stage_touchpoint_at(st, t);
			curve_point(v, tp, idx, &l->pts[idx]);
			l->pts[idx].col = l->ncols - cols + t;
			for (int r = 0; r < NROWS; r++) {
				double h = draw_row(NULL, v, l, r, tp, idx, 0, 0) + 14;
				l->row_h[r] = h > l->row_h[r] ? h : l->row_h[r];
			}
		}
	}
	if (!l->ncols)
		l->ncols = 1;
	y = l->stage_h + 10;
	for (int k = 0; k < 4; k++) {
		if (k == 2) {
			l->vis_y = y + VIS_GAP / 2;
			y += VIS_GAP;
		}
		l->lane_y[k] = y;
		y += LANE_H;
		for (int r = lane_first[k]; r < lane_first[k + 1]; r++) {
			l->row_y[r] = y;
			y += l->row_h[r];
		}
		y += 6;
	}
	l->height = y + 10;
	return l;
}

/* ---- drawing ---- */

void svg_labels(FILE *f, const layout *l)
{
	fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%.1f\" height=\"%.1f\" "
		   "fill=\"#fff\"/>\n", LABEL_W, l->height);
	fprintf(f, "<text class=\"lane-title l0\" x=\"12\" y=\"24\">STAGES</text>\n");
	for (int k = 0; k < 4; k++) {
		fprintf(f, "<rect class=\"l%d\" x=\"0\" y=\"%.1f\" width=\"5\" "
			   "height=\"%.1f\"/>\n", k, l->lane_y[k],
			(k < 3 ? l->lane_y[k + 1] - (k == 1 ? VIS_GAP : 0)
			       : l->height - 10) - l->lane_y[k] - 6);
		fprintf(f, "<rect class=\"lane-band l%d\" x=\"0\" y=\"%.1f\" "
			   "width=\"%.1f\" height=\"%.1f\"/>\n", k, l->lane_y[k],
			LABEL_W, LANE_H);
		fprintf(f, "<text class=\"lane-title l%d\" x=\"12\" y=\"%.1f\">"
			   "%s</text>\n", k, l->lane_y[k] + 16, lane_names[k]);
		for (int r = lane_first[k]; r < lane_first[k + 1]; r++) {
			fprintf(f, "<text class=\"row-label\" x=\"14\" y=\"%.1f\">",
				l->row_y[r] + 19);
			xml_text(f, row_names[r]);
			fputs("</text>\n", f);
		}
	}
	fprintf(f, "<text class=\"row-label\" x=\"%.1f\" y=\"%.1f\" "
		   "text-anchor=\"end\">positive</text>"
		   "<text class=\"row-label\" x=\"%.1f\" y=\"%.1f\" "
		   "text-anchor=\"end\">neutral</text>"
		   "<text class=\"row-label\" x=\"%.1f\" y=\"%.1f\" "
		   "text-anchor=\"end\">negative</text>\n",
		LABEL_W - 8, curve_y(l, 0.85) + 4, LABEL_W - 8, curve_y(l, 0) + 4,
		LABEL_W - 8, curve_y(l, -0.85) + 4);
	fprintf(f, "<line class=\"vis-line\" x1=\"0\" y1=\"%.1f\" x2=\"%.1f\" "
		   "y2=\"%.1f\"/><text class=\"vis-label\" x=\"12\" y=\"%.1f\">"
		   "line of visibility</text>\n", l->vis_y, LABEL_W, l->vis_y,
		l->vis_y - 4);
}

static void body_background(FILE *f, const view *v, const layout *l)
{
	double w = layout_width(l), x = 0;
	size_t ns = cxj_journey_stage_count(v->j);
	for (size_t s = 0; s < ns; s++) {
		const cxj_stage *st = cxj_journey_stage_at(v->j, s);
		size_t n = cxj_stage_touchpoint_count(st), cols = n ? n : 1;
		fprintf(f, "<rect class=\"stage-bg%zu\" x=\"%.1f\" y=\"0\" "
			   "width=\"%.1f\" height=\"%.1f\"/>\n", s % 2, x,
			(double)cols * PITCH, l->height);
		if (s)
			fprintf(f, "<line class=\"sep\" x1=\"%.1f\" y1=\"0\" "
				   "x2=\"%.1f\" y2=\"%.1f\"/>\n", x, x, l->height);
		x += (double)cols * PITCH;
	}
	for (int k = 0; k < 4; k++)
		fprintf(f, "<rect class=\"lane-band l%d\" x=\"0\" y=\"%.1f\" "
			   "width=\"%.1f\" height=\"%.1f\"/>\n", k, l->lane_y[k], w,
			LANE_H);
	fprintf(f, "<rect class=\"curve-pos\" x=\"0\" y=\"%.1f\" width=\"%.1f\" "
		   "height=\"%.1f\"/><rect class=\"curve-neg\" x=\"0\" y=\"%.1f\" "
		   "width=\"%.1f\" height=\"%.1f\"/>\n",
		curve_y(l, 1), w, curve_y(l, 0) - curve_y(l, 1), curve_y(l, 0), w,
		curve_y(l, -1) - curve_y(l, 0));
	fprintf(f, "<line class=\"guide0\" x1=\"0\" y1=\"%.1f\" x2=\"%.1f\" "
		   "y2=\"%.1f\"/>\n", curve_y(l, 0), w, curve_y(l, 0));
	fprintf(f, "<line class=\"vis-line\" x1=\"0\" y1=\"%.1f\" x2=\"%.1f\" "
		   "y2=\"%.1f\"/>\n", l->vis_y, w, l->vis_y);
}

static double col_x(size_t col)
{
	return GAP / 2 + (double)col * PITCH;
}

/* The curve: one path through the points that have a value, in map order. */
static void curve_path(FILE *f, const layout *l)
{
	int open = 0;
	for (size_t i = 0; i < l->ntp; i++) {
		const point *p = &l->pts[i];
		if (isnan(p->v))
			continue;
		if (!open)
			fputs("<path class=\"curve\" d=\"", f);
		fprintf(f, "%c%.1f %.1f", open ? 'L' : 'M', col_x(p->col) + COL_W / 2,
			curve_y(l, p->v));
		open = 1;
	}
	if (open)
		fputs("\"/>\n", f);
}

void svg_body(FILE *f, const view *v, const layout *l)
{
	size_t ns = cxj_journey_stage_count(v->j), idx = 0, col = 0;
	body_background(f, v, l);
	curve_path(f, l);
	for (size_t s = 0; s < ns; s++) {
		const cxj_stage *st = cxj_journey_stage_at(v->j, s);
		size_t n = cxj_stage_touchpoint_count(st), cols = n ? n : 1;
		double x = col_x(col), w = (double)cols * PITCH - GAP;
		fprintf(f, "<g class=\"stage\" data-stage=\"");
		xml_text(f, cxj_stage_id(st));
		fprintf(f, "\"><title>");
		xml_text(f, cxj_stage_id(st));
		fprintf(f, "</title><rect class=\"stage-head\" x=\"%.1f\" y=\"0\" "
			   "width=\"%.1f\" height=\"%.1f\" rx=\"6\"/>\n",
			x, w, l->stage_h);
		stage_head(f, v, st, s, x, w);
		fputs("</g>\n", f);
		for (size_t t = 0; t < n; t++, idx++) {
			const cxj_touchpoint *tp = cxj_stage_touchpoint_at(st, t);
			fputs("<g class=\"touchpoint\" data-touchpoint=\"", f);
			xml_text(f, cxj_touchpoint_id(tp));
			fputs("\">\n", f);
			for (int r = 0; r < NROWS; r++)
				draw_row(f, v, l, r, tp, idx, col_x(col + t),
					 l->row_y[r]);
			fputs("</g>\n", f);
		}
		col += cols;
	}
}

/* The legend of the standalone document, on one line. */
static void legend(FILE *f, double y)
{
	double x = 12;
	fprintf(f, "<g class=\"legend\" transform=\"translate(0,%.1f)\">", y);
	marker(f, x + 8, 14, CXJ_EXPERIENCE_POSITIVE, 0);
	fprintf(f, "<text x=\"%.1f\" y=\"18\">positive</text>", x + 20);
	marker(f, x + 98, 14, CXJ_EXPERIENCE_NEUTRAL, 0);
	fprintf(f, "<text x=\"%.1f\" y=\"18\">neutral</text>", x + 110);
	marker(f, x + 180, 14, CXJ_EXPERIENCE_NEGATIVE, 0);
	fprintf(f, "<text x=\"%.1f\" y=\"18\">negative (filled: from answers, "
		   "with the interval; hollow: from the map)</text>", x + 192);
	star(f, x + 560, 13, 7);
	fprintf(f, "<text x=\"%.1f\" y=\"18\">moment of truth</text>", x + 572);
	fprintf(f, "<circle class=\"bullet-pain\" cx=\"%.1f\" cy=\"14\" r=\"4\"/>"
		   "<text x=\"%.1f\" y=\"18\">pain point</text>", x + 700, x + 710);
	fprintf(f, "<circle class=\"bullet-idea\" cx=\"%.1f\" cy=\"14\" r=\"4\"/>"
		   "<text x=\"%.1f\" y=\"18\">opportunity</text>", x + 800, x + 810);
	fputs("</g>\n", f);
}

int svg_document(FILE *f, const view *v, layout *l)
{
	double w = LABEL_W + layout_width(l), h = TITLE_H + l->height + LEGEND_H;
	const char *name = cxj_journey_name(v->j);
	if (w < 960)
		w = 960;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
		   "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n"
		   "<style>%s</style>\n<title>", w, h, w, h, render_css);
	xml_text(f, *name ? name : cxj_journey_id(v->j));
	fputs(" \xe2\x80\x93 journey map</title>\n", f);
	fprintf(f, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>\n", w, h);
	fputs("<text class=\"doc-title\" x=\"12\" y=\"32\">", f);
	xml_text(f, *name ? name : cxj_journey_id(v->j));
	fprintf(f, "</text>\n<text class=\"doc-sub\" x=\"12\" y=\"52\">%zu "
		   "stages, %zu touchpoints%s</text>\n",
		cxj_journey_stage_count(v->j), l->ntp,
		v->sc ? "; the curve from the customers' answers"
		      : "; the curve from the map's experience");
	fprintf(f, "<g transform=\"translate(0,%.0f)\">\n", TITLE_H);
	svg_labels(f, l);
	fprintf(f, "</g>\n<g transform=\"translate(%.0f,%.0f)\">\n", LABEL_W,
		TITLE_H);
	svg_body(f, v, l);
	fputs("</g>\n", f);
	legend(f, TITLE_H + l->height);
	fputs("</svg>\n", f);
	return ferror(f) ? -1 : 0;
}

/* ---- the drivers chart ---- */

#define MAX_LABELS 60 /* more points are told by their tooltips alone */

typedef struct box {
	double x0, y0, x1, y1;
} box;

static int overlaps(const box *b, const box *boxes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b->x0 < boxes[i].x1 && boxes[i].x0 < b->x1 &&
		    b->y0 < boxes[i].y1 && boxes[i].y0 < b->y1)
			return 1;
	return 0;
}

/* A point's name to its right, else to its left, else a line lower or
 * higher: the first place no earlier label (or point) takes. */
static void label_point(FILE *f, double cx, double cy, double right,
			const char *label, box *boxes, size_t *nboxes)
{
	static const tstyle st = {11, 0, "muted", 1};
	double tw = (double)text_width(label, strlen(label), em100) * 0.11;
	box b = {0, 0, 0, 0};
	int placed = 0;
	if (tw > 150)
		tw = 150;
	for (int k = 0; k < 6 && !placed; k++) {
		double dy = k < 2 ? 0 : k < 4 ? 13 : -13;
		int left = k % 2 == 1 || cx + 9 + tw > right;
		b.x0 = left ? cx - 9 - tw : cx + 9;
		b.x1 = b.x0 + tw;
		b.y0 = cy - 8 + dy;
		b.y1 = b.y0 + 13;
		placed = !overlaps(&b, boxes, *nboxes);
	}
	if (!placed)
		return; /* the tooltip still names it */
	text_block(f, b.x0, b.y0 - 1, 150, label, &st);
	boxes[(*nboxes)++] = b;
}

void svg_drivers(FILE *f, const view *v)
{
	const double W = 640, H = 440, ml = 64, mr = 24, mt = 24, mb = 54;
	const cxj_drivers *d = v->d;
	size_t n = cxj_drivers_ranked(d);
	double xmin = 0, xmax = 0.2, ymin = INFINITY, ymax = -INFINITY;
	double mi = cxj_drivers_mean_importance(d), lo_scale, hi_scale;
	box boxes[2 * MAX_LABELS];
	size_t nboxes = 0;
	double mp = cxj_drivers_mean_performance(d);
	for (size_t i = 0; i < n; i++) {
		cxj_driver dr = CXJ_DRIVER_INIT;
		if (cxj_drivers_get(d, i, &dr) != CXJ_OK)
			continue;
		xmin = dr.importance < xmin ? dr.importance : xmin;
		xmax = dr.importance > xmax ? dr.importance : xmax;
		ymin = dr.performance < ymin ? dr.performance : ymin;
		ymax = dr.performance > ymax ? dr.performance : ymax;
	}
	if (!(ymin <= ymax)) {
		ymin = 0;
		ymax = 1;
	}
	{
		double px = (xmax - xmin) * 0.08, py = (ymax - ymin) * 0.1 + 1e-9;
		/* performance is the touchpoints' CSAT top-2 %: 0..100 */
		lo_scale = 0;
		hi_scale = 100;
		xmin -= px;
		xmax += px;
		ymin = ymin - py < lo_scale ? lo_scale : ymin - py;
		ymax = ymax + py > hi_scale ? hi_scale : ymax + py;
	}
#define SX(x) (ml + ((x) - xmin) / (xmax - xmin) * (W - ml - mr))
#define SY(y) (H - mb - ((y) - ymin) / (ymax - ymin) * (H - mt - mb))
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"drivers-chart\" "
		   "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		   "role=\"img\">\n<title>Key drivers: importance against "
		   "performance</title>\n", W, H, W, H);
	fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>\n",
		W, H);
	if (isfinite(mi) && isfinite(mp)) {
		fprintf(f, "<rect class=\"qbg1\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			   "height=\"%.1f\"/>\n", SX(mi), SY(mp), W - mr - SX(mi),
			H - mb - SY(mp));
		fprintf(f, "<rect class=\"qbg2\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			   "height=\"%.1f\"/>\n", SX(mi), (double)mt, W - mr - SX(mi),
			SY(mp) - mt);
		fprintf(f, "<line class=\"guide0\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			   "y2=\"%.1f\"/><line class=\"guide0\" x1=\"%.1f\" y1=\"%.1f\" "
			   "x2=\"%.1f\" y2=\"%.1f\"/>\n", SX(mi), (double)mt, SX(mi),
			H - mb, ml, SY(mp), W - mr, SY(mp));
		fprintf(f, "<text class=\"q-label\" x=\"%.1f\" y=\"%.1f\" "
			   "text-anchor=\"end\">FIX FIRST</text>"
			   "<text class=\"q-label\" x=\"%.1f\" y=\"%.1f\" "
			   "text-anchor=\"end\">STRENGTH</text>"
			   "<text class=\"q-label\" x=\"%.1f\" y=\"%.1f\">LOW PRIORITY</text>"
			   "<text class=\"q-label\" x=\"%.1f\" y=\"%.1f\">MAINTAIN</text>\n",
			W - mr - 6, H - mb - 8, W - mr - 6, mt + 16, ml + 6,
			H - mb - 8, ml + 6, mt + 16);
	}
	fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		   "y2=\"%.1f\"/><line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
		   "x2=\"%.1f\" y2=\"%.1f\"/>\n", ml, H - mb, W - mr, H - mb, ml,
		(double)mt, ml, H - mb);
	for (int k = 0; k <= 4; k++) {
		double xv = xmin + (xmax - xmin) * k / 4;
		double yv = ymin + (ymax - ymin) * k / 4;
		fprintf(f, "<text class=\"axis-label\" x=\"%.1f\" y=\"%.1f\" "
			   "text-anchor=\"middle\">%.2f</text>", SX(xv), H - mb + 16,
			xv);
		fprintf(f, "<text class=\"axis-label\" x=\"%.1f\" y=\"%.1f\" "
			   "text-anchor=\"end\">%.1f</text>\n", ml - 6, SY(yv) + 4, yv);
	}
	fprintf(f, "<text class=\"axis-label\" x=\"%.1f\" y=\"%.1f\" "
		   "text-anchor=\"middle\">importance: correlation with the "
		   "journey %s \xe2\x86\x92</text>\n", (ml + W - mr) / 2, H - 14,
		kind_label(cxj_metric_kind_name(v->outcome)));
	fprintf(f, "<text class=\"axis-label\" transform=\"translate(16,%.1f) "
		   "rotate(-90)\" text-anchor=\"middle\">performance "
		   "\xe2\x86\x92</text>\n", (mt + H - mb) / 2);
	for (size_t i = 0; i < n && n <= MAX_LABELS; i++) {
		cxj_driver dr = CXJ_DRIVER_INIT;
		if (cxj_drivers_get(d, i, &dr) == CXJ_OK)
			boxes[nboxes++] = (box){SX(dr.importance) - 7,
						SY(dr.performance) - 7,
						SX(dr.importance) + 7,
						SY(dr.performance) + 7};
	}
	for (size_t i = 0; i < n; i++) {
		cxj_driver dr = CXJ_DRIVER_INIT;
		const cxj_touchpoint *tp;
		const char *label;
		if (cxj_drivers_get(d, i, &dr) != CXJ_OK)
			continue;
		tp = cxj_journey_find_touchpoint(v->j, dr.touchpoint);
		label = tp && *cxj_touchpoint_name(tp) ? cxj_touchpoint_name(tp)
						       : dr.touchpoint;
		fputs("<g class=\"driver\"><title>", f);
		xml_text(f, label);
		fprintf(f, " (");
		xml_text(f, dr.touchpoint);
		fprintf(f, ")\n%s: importance %.2f (p = %.3f), performance %.1f, "
			   "%zu respondents</title>",
			cxj_quadrant_name(dr.quadrant), dr.importance, dr.p_value,
			dr.performance, dr.pairs);
		fprintf(f, "<circle class=\"q%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\" "
			   "stroke=\"#fff\" stroke-width=\"1.5\"/>",
			(int)dr.quadrant, SX(dr.importance), SY(dr.performance));
		if (n <= MAX_LABELS)
			label_point(f, SX(dr.importance), SY(dr.performance), W - mr,
				    label, boxes, &nboxes);
		fputs("</g>\n", f);
	}
#undef SX
#undef SY
	fputs("</svg>\n", f);
}
