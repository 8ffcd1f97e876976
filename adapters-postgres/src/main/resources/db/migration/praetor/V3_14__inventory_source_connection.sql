-- Live inventory sources (ADR 0014): addressing style and the name of the credential set the
-- server holds for the source. Never a secret: the API accepts only the name.
ALTER TABLE inventory_sources
    ADD COLUMN path_style boolean NOT NULL DEFAULT false,
    ADD COLUMN credentials_ref text;
