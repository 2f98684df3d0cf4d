-- No query reads tasks by (owner_id, due): the work queue finds a CSM's open tasks through the account's csm_id and
-- tasks_open_instance. The index took each new task at a random place (owner, then due date), so every delivery batch of a
-- sync rewrote hundreds of its pages.
DROP INDEX IF EXISTS tasks_open_owner;
