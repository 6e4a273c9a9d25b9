#include "engine/evaluate_report.h"
#include <nlohmann/json.hpp>
