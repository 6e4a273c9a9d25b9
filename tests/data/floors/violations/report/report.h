#include "engine/evaluate_report.h"

