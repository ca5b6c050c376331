-- Enqueueing jobs from the app role (hand-written). graphile-worker keeps its tables behind
-- row-level security that only their owner passes, so the app role enqueues through this
-- SECURITY DEFINER function, which runs as the owner and accepts only Herald's own tasks.
-- It is called inside the caller's transaction: a rollback removes the jobs too.
CREATE FUNCTION herald_add_jobs(specs json) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM json_array_elements(specs) s
    WHERE s->>'identifier' NOT IN ('fanout', 'deliver')
  ) THEN
    RAISE EXCEPTION 'herald_add_jobs: unknown task' USING ERRCODE = '22023';
  END IF;
  PERFORM graphile_worker.add_jobs(
    array(SELECT json_populate_recordset(null::graphile_worker.job_spec, specs))
  );
END;
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION herald_add_jobs(json) FROM PUBLIC;
