// The research-use notice that every report, table header and JSON file carries.
#pragma once

namespace ketapgx {

inline constexpr const char* kResearchUseNotice =
    "For research use only. ketapgx is not a clinical decision tool: its predictions, metabolizer "
    "calls and dose suggestions must not be used to diagnose, treat or dose any patient.";

}  // namespace ketapgx
