#include "model/reliability_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ketapgx {

std::string reliability_table_text(const nlohmann::ordered_json& curve) {
  std::string s = "  reliability (10 bins of predicted probability):\n    bin        n  mean predicted  observed  difference\n";
  char line[160];
  for (const auto& b : curve) {
    const int bin = b.at("bin").get<int>();
    const double mp = b.at("mean_predicted").get<double>(), ob = b.at("observed").get<double>();
    std::snprintf(line, sizeof line, "    %.1f-%.1f %6.0f  %14.4f  %8.4f  %+10.4f\n", bin / 10.0, (bin + 1) / 10.0,
                  b.at("n").get<double>(), mp, ob, ob - mp);
    s += line;
  }
  return s;
}

std::string reliability_svg(const nlohmann::ordered_json& curve, const std::string& title) {
  const double w = 420, h = 420, left = 60, right = 20, top = 40, bottom = 55;
  const double pw = w - left - right, ph = h - top - bottom;
  auto X = [&](double p) { return left + p * pw; };
  auto Y = [&](double p) { return top + (1 - p) * ph; };
  auto esc = [](const std::string& t) {
    std::string o;
    for (char c : t) o += c == '<' ? std::string("&lt;") : c == '>' ? std::string("&gt;") : c == '&' ? std::string("&amp;") : std::string(1, c);
    return o;
  };
  char buf[512];
  std::string s;
  std::snprintf(buf, sizeof buf,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                "aria-label=\"%s\" font-family=\"sans-serif\" font-size=\"11\">\n<title>%s</title>\n"
                "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n",
                w, h, w, h, esc(title).c_str(), esc(title).c_str(), w, h);
  s += buf;
  std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"22\" font-size=\"13\" text-anchor=\"middle\">%s</text>\n", w / 2, esc(title).c_str());
  s += buf;
  for (int i = 0; i <= 10; ++i) {
    const double v = i / 10.0;
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n"
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.1f</text><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n",
                  X(v), Y(0), X(v), Y(1), X(0), Y(v), X(1), Y(v), X(v), Y(0) + 16, v, X(0) - 6, Y(v) + 4, v);
    s += buf;
  }
  std::snprintf(buf, sizeof buf,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#333\"/>\n"
                "<line class=\"ideal\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">mean predicted probability of response</text>\n"
                "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">observed response rate</text>\n",
                X(0), Y(1), pw, ph, X(0), Y(0), X(1), Y(1), left + pw / 2, h - 14, top + ph / 2, top + ph / 2);
  s += buf;
  double max_n = 1;
  for (const auto& b : curve) max_n = std::max(max_n, b.at("n").get<double>());
  std::string path;
  for (const auto& b : curve) {
    const double mp = b.at("mean_predicted").get<double>(), ob = b.at("observed").get<double>(), n = b.at("n").get<double>();
    std::snprintf(buf, sizeof buf, "%s%.1f,%.1f", path.empty() ? "" : " ", X(mp), Y(ob));
    path += buf;
    std::snprintf(buf, sizeof buf,
                  "<circle class=\"bin\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#3b6ea5\" fill-opacity=\"0.7\"><title>predicted %.3f, "
                  "observed %.3f, n = %.0f</title></circle>\n",
                  X(mp), Y(ob), 3 + 6 * std::sqrt(n / max_n), mp, ob, n);
    s += buf;
  }
  if (!path.empty()) s += "<polyline points=\"" + path + "\" fill=\"none\" stroke=\"#3b6ea5\"/>\n";
  s += "<text x=\"" + std::to_string(static_cast<int>(left + 8)) + "\" y=\"" + std::to_string(static_cast<int>(top + 14)) +
       "\">dashed: perfect calibration; dot area: people in the bin</text>\n</svg>\n";
  return s;
}

}  // namespace ketapgx
