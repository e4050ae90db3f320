-- pg_trgm lives beside the schemas of the database, not in ours: V1 created it (when no schema had it
-- yet) in the schema it migrated, so dropping that schema would drop the extension and with it the
-- trigram index of every other schema. When a schema of this service holds it (this one, or another
-- with a schema_migrations table) or no schema does, it goes to a schema of its own, extensions
-- (made here, usable by every role). Where it already is in public, or where an administrator put it
-- elsewhere, it stays. The index names its operator class by schema, and moving the extension keeps
-- the indexes made on it. Then this schema gets its trigram index where it has none (V1 could not
-- make it, or a drop of another schema took it). Each step degrades to a WARNING where the role may
-- not take it (device search then scans search_text where no index is left).
DO $$
DECLARE
    holder name;
BEGIN
    SELECT n.nspname INTO holder
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    BEGIN
        IF holder IS NULL OR (holder NOT IN ('public', 'extensions')
                AND (holder = current_schema() OR to_regclass(format('%I.schema_migrations', holder)) IS NOT NULL)) THEN
            IF to_regnamespace('extensions') IS NULL THEN
                CREATE SCHEMA extensions;
                GRANT USAGE ON SCHEMA extensions TO PUBLIC;
            END IF;
            IF holder IS NULL THEN
                CREATE EXTENSION pg_trgm WITH SCHEMA extensions;
            ELSE
                ALTER EXTENSION pg_trgm SET SCHEMA extensions;
            END IF;
            holder := 'extensions';
        END IF;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'pg_trgm not placed in the schema extensions (%)', SQLERRM;
    END;
    IF holder IS NULL THEN
        RAISE WARNING 'pg_trgm unavailable: device search scans search_text';
    ELSIF to_regclass(format('%I.devices_search_trgm_idx', current_schema())) IS NULL THEN
        BEGIN
            EXECUTE format('CREATE INDEX devices_search_trgm_idx ON devices USING gin (search_text %I.gin_trgm_ops)',
                           holder);
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'no trigram index (%): device search scans search_text', SQLERRM;
        END;
    END IF;
END
$$;
