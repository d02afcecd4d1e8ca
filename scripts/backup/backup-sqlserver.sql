-- Full backup of the portal's SQL Server database, verified, for an on-premises SQL Server or a VM (IIS hosting).
-- Azure SQL Database has no BACKUP TO DISK: see docs/operations.md (automatic backups, point-in-time restore,
-- CREATE DATABASE ... AS COPY OF, or a .bacpac export).
--
-- Run with sqlcmd (scripts/backup/backup-sqlserver.sh does), as a login with db_backupoperator on the database:
--   sqlcmd -S <server> -E -b -v Database=TrustPortal BackupFile="D:\Backups\TrustPortal-20261122.bak" CopyOnly=1 -i backup-sqlserver.sql
--
-- CopyOnly=1 (COPY_ONLY): an extra backup that does not reset the differential base or disturb the log chain of the
-- server's scheduled backups (use it for ad-hoc backups and drills). CopyOnly=0: a normal full backup for your own
-- schedule. WITH CHECKSUM verifies every page as it is read and stores a checksum; RESTORE VERIFYONLY then reads
-- the file back. FORMAT/INIT: the file holds this one backup only.
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @database sysname = N'$(Database)';
DECLARE @file nvarchar(4000) = N'$(BackupFile)';
DECLARE @copyOnly bit = $(CopyOnly);
DECLARE @name nvarchar(128) = @database + N' full backup ' + CONVERT(nvarchar(30), SYSUTCDATETIME(), 126);

IF DB_ID(@database) IS NULL
    THROW 50001, 'No such database', 1;

IF @copyOnly = 1
    BACKUP DATABASE @database TO DISK = @file
        WITH COPY_ONLY, CHECKSUM, FORMAT, INIT, NAME = @name, STATS = 25;
ELSE
    BACKUP DATABASE @database TO DISK = @file
        WITH CHECKSUM, FORMAT, INIT, NAME = @name, STATS = 25;

RESTORE VERIFYONLY FROM DISK = @file WITH CHECKSUM;

-- Row counts of every table at the end of the backup, for restore-sqlserver.sql to compare with. (A full backup is
-- consistent as of its end; on a busy database rows written after it differ, so take counts for a drill while the
-- portal is quiet, or compare the restore with these counts knowing that.)
SELECT s.name + N'.' + t.name AS [table], SUM(p.rows) AS [rows]
FROM sys.tables t
JOIN sys.schemas s ON s.schema_id = t.schema_id
JOIN sys.partitions p ON p.object_id = t.object_id AND p.index_id IN (0, 1)
GROUP BY s.name, t.name
ORDER BY [table];
