-- Stock levels and, per sku, the highest fencing token accepted (StockStore). stock is null for a sku
-- that was read for update before its stock was ever set.
CREATE TABLE stock (
    sku           text    PRIMARY KEY,
    stock         integer CHECK (stock >= 0),
    fencing_token bigint  NOT NULL
);
