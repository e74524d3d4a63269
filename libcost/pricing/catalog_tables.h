// The price book and the instance catalog as report tables (`dbcost prices`, `dbcost nodes`,
// dbcost.price_book(), dbcost.instance_catalog()), with optional substring filters.
#pragma once

#include <string>

#include "io/table.h"
#include "pricing/instance_catalog.h"
#include "pricing/price_book.h"

namespace dbcost {

// cloud and sku: case-insensitive substrings; "" keeps every row.
Table price_book_table(const PriceBook& book, const std::string& cloud = "", const std::string& sku = "");
Table instance_table(const InstanceCatalog& catalog, const std::string& cloud = "", const std::string& node = "");

}  // namespace dbcost
