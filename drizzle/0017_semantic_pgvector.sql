-- pgvector for the semantic cache's search (docs/api/cache.md), where the server offers it: the embedded PGlite
-- always does; a PostgreSQL server only with the pgvector package installed. Creating it needs a privilege the
-- gateway's role may lack: then the migration goes on and the cache keeps comparing in the gateway (the server
-- logs which search it uses at each start). The embeddings stay `real[]`: pgvector casts them at search time.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS vector;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'the vector extension was not created (insufficient privilege)';
    END;
  END IF;
END
$$;
