#include "model/decision_curve.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ketapgx {

namespace {

double num(const nlohmann::ordered_json& v) { return v.is_number() ? v.get<double>() : NAN; }

std::string esc(const std::string& t) {
  std::string o;
  for (char c : t) o += c == '<' ? std::string("&lt;") : c == '>' ? std::string("&gt;") : c == '&' ? std::string("&amp;") : std::string(1, c);
  return o;
}

}  // namespace

std::string decision_curve_text(const nlohmann::ordered_json& nb) {
  std::string s = "  net benefit (decision curve; act on p_responder >= threshold):\n    threshold   model  treat all  treat none\n";
  char line[120];
  for (const auto& r : nb) {
    std::snprintf(line, sizeof line, "    %9.2f  %6.3f  %9.3f  %10.3f\n", num(r.at("threshold")), num(r.at("model")), num(r.at("treat_all")),
                  num(r.at("treat_none")));
    s += line;
  }
  return s;
}

std::string decision_curve_svg(const nlohmann::ordered_json& nb, const std::string& title) {
  const double w = 480, h = 380, left = 64, right = 130, top = 40, bottom = 55;
  const double pw = w - left - right, ph = h - top - bottom;
  // y range: from the lowest shown (not below -0.1) to the highest net benefit.
  double lo = 0, hi = 0.05;
  for (const auto& r : nb)
    for (const char* k : {"model", "treat_all"}) {
      const double v = num(r.at(k));
      if (std::isfinite(v)) {
        lo = std::min(lo, std::max(-0.1, v));
        hi = std::max(hi, v);
      }
    }
  hi = std::ceil(hi * 20) / 20;
  lo = std::floor(lo * 20) / 20;
  auto X = [&](double t) { return left + (t - 0.2) / 0.6 * pw; };
  auto Y = [&](double v) { return top + (hi - std::max(lo, v)) / (hi - lo) * ph; };
  char buf[512];
  std::string s;
  std::snprintf(buf, sizeof buf,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                "aria-label=\"%s\" font-family=\"sans-serif\" font-size=\"11\">\n<title>%s</title>\n"
                "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n"
                "<text x=\"%.1f\" y=\"22\" font-size=\"13\" text-anchor=\"middle\">%s</text>\n",
                w, h, w, h, esc(title).c_str(), esc(title).c_str(), w, h, left + pw / 2, esc(title).c_str());
  s += buf;
  for (int i = 0; i <= 6; ++i) {
    const double t = 0.2 + 0.1 * i;
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.1f</text>\n",
                  X(t), Y(lo), X(t), Y(hi), X(t), Y(lo) + 16, t);
    s += buf;
  }
  for (double v = lo; v <= hi + 1e-9; v += 0.05) {
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>\n",
                  X(0.2), Y(v), X(0.8), Y(v), X(0.2) - 6, Y(v) + 4, v);
    s += buf;
  }
  std::snprintf(buf, sizeof buf,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#333\"/>\n"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">threshold probability (act on p_responder at or above it)</text>\n"
                "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">net benefit</text>\n",
                X(0.2), Y(hi), pw, ph, left + pw / 2, h - 14, top + ph / 2, top + ph / 2);
  s += buf;
  const struct {
    const char* key;
    const char* colour;
    const char* label;
    const char* dash;
  } lines[] = {{"model", "#3b6ea5", "model", ""}, {"treat_all", "#c0504d", "treat all", "6 3"}, {"treat_none", "#555", "treat none", "2 3"}};
  for (std::size_t k = 0; k < 3; ++k) {
    std::string pts;
    for (const auto& r : nb) {
      const double v = num(r.at(lines[k].key));
      if (!std::isfinite(v)) continue;
      std::snprintf(buf, sizeof buf, "%s%.1f,%.1f", pts.empty() ? "" : " ", X(num(r.at("threshold"))), Y(v));
      pts += buf;
    }
    std::snprintf(buf, sizeof buf, "<polyline class=\"%s\" points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>\n",
                  lines[k].key, pts.c_str(), lines[k].colour, lines[k].dash);
    s += buf;
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>"
                  "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                  w - right + 12, top + 14 + 18.0 * k, w - right + 36, top + 14 + 18.0 * k, lines[k].colour, lines[k].dash,
                  w - right + 42, top + 18 + 18.0 * k, lines[k].label);
    s += buf;
  }
  s += "</svg>\n";
  return s;
}

}  // namespace ketapgx
