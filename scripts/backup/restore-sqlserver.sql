-- Restores a backup made by backup-sqlserver.sql into a NEW database and compares the row count of every table with
-- the source database (by default the database that was backed up, on the same server). Never overwrites a database.
--
--   sqlcmd -S <server> -E -b -v Backup="D:\Backups\TrustPortal-20261122.bak" Target=TrustPortal_Restored
--          Source=TrustPortal DataFolder="D:\Data" -i restore-sqlserver.sql
--
-- Prints one row per table (source rows, restored rows, OK/DIFFERENT) and fails (error 50003, sqlcmd -b exits 1)
-- when any table differs. Needs dbcreator (or CREATE ANY DATABASE) and read access to the backup file.
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @backup nvarchar(4000) = N'$(Backup)';
DECLARE @target sysname = N'$(Target)';
DECLARE @source sysname = N'$(Source)';
DECLARE @folder nvarchar(4000) = N'$(DataFolder)';

IF DB_ID(@target) IS NOT NULL
    THROW 50002, 'The target database already exists: restore into a new one', 1;

RESTORE VERIFYONLY FROM DISK = @backup WITH CHECKSUM;

-- Each file of the backup (data and log) is moved to <DataFolder>\<Target>_<logical name>.<mdf|ldf>.
DECLARE @files TABLE (LogicalName nvarchar(128), PhysicalName nvarchar(260), Type char(1), FileGroupName nvarchar(128),
    Size numeric(20, 0), MaxSize numeric(20, 0), FileId bigint, CreateLSN numeric(25, 0), DropLSN numeric(25, 0),
    UniqueId uniqueidentifier, ReadOnlyLSN numeric(25, 0), ReadWriteLSN numeric(25, 0), BackupSizeInBytes bigint,
    SourceBlockSize int, FileGroupId int, LogGroupGUID uniqueidentifier, DifferentialBaseLSN numeric(25, 0),
    DifferentialBaseGUID uniqueidentifier, IsReadOnly bit, IsPresent bit, TDEThumbprint varbinary(32),
    SnapshotUrl nvarchar(360));
INSERT INTO @files EXEC (N'RESTORE FILELISTONLY FROM DISK = N''' + REPLACE(@backup, N'''', N'''''') + N'''');

DECLARE @sql nvarchar(max) = N'RESTORE DATABASE ' + QUOTENAME(@target) + N' FROM DISK = @backup WITH CHECKSUM, RECOVERY, STATS = 25';
SELECT @sql += N', MOVE N''' + REPLACE(LogicalName, N'''', N'''''') + N''' TO N'''
    + REPLACE(@folder + N'\' + @target + N'_' + LogicalName + CASE Type WHEN 'L' THEN N'.ldf' ELSE N'.mdf' END, N'''', N'''''') + N''''
FROM @files;
EXEC sp_executesql @sql, N'@backup nvarchar(4000)', @backup = @backup;

-- Exact counts (COUNT_BIG per table, not sys.partitions' estimates) in both databases. The generated query runs in
-- each database's own context through <database>.sys.sp_executesql.
DECLARE @query nvarchar(max) = N'SELECT @q = STRING_AGG(CAST(N''SELECT '' + QUOTENAME(s.name + N''.'' + t.name, N'''''''') + N'' AS [table], COUNT_BIG(*) AS [rows] FROM '' + QUOTENAME(s.name) + N''.'' + QUOTENAME(t.name) AS nvarchar(max)), N'' UNION ALL '') FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id;';
DECLARE @proc nvarchar(300), @generated nvarchar(max);
DECLARE @sourceCounts TABLE ([table] nvarchar(300) PRIMARY KEY, [rows] bigint);
DECLARE @targetCounts TABLE ([table] nvarchar(300) PRIMARY KEY, [rows] bigint);

SET @proc = QUOTENAME(@source) + N'.sys.sp_executesql';
EXEC @proc @query, N'@q nvarchar(max) OUTPUT', @q = @generated OUTPUT;
INSERT INTO @sourceCounts ([table], [rows]) EXEC @proc @generated;

SET @proc = QUOTENAME(@target) + N'.sys.sp_executesql';
EXEC @proc @query, N'@q nvarchar(max) OUTPUT', @q = @generated OUTPUT;
INSERT INTO @targetCounts ([table], [rows]) EXEC @proc @generated;

SELECT COALESCE(s.[table], t.[table]) AS [table], s.[rows] AS [source], t.[rows] AS [restored],
       CASE WHEN s.[rows] = t.[rows] THEN 'OK' ELSE 'DIFFERENT' END AS [result]
FROM @sourceCounts s
FULL OUTER JOIN @targetCounts t ON t.[table] = s.[table]
ORDER BY 1;

DECLARE @different int = (
    SELECT COUNT(*) FROM @sourceCounts s FULL OUTER JOIN @targetCounts t ON t.[table] = s.[table]
    WHERE s.[rows] IS NULL OR t.[rows] IS NULL OR s.[rows] <> t.[rows]);
IF @different > 0
    THROW 50003, 'The restored database differs from the source: see the DIFFERENT rows above', 1;
PRINT 'PASS: every table of the restored database has the source''s row count';
