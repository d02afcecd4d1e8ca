using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrustCacheStampsPerTrust : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PublicContentVersions");

            migrationBuilder.CreateTable(
                name: "TrustCacheStamps",
                columns: table => new
                {
                    TrustId = table.Column<int>(type: "INTEGER", nullable: false),
                    PublicContent = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrustWork = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrustCacheStamps", x => x.TrustId);
                    table.ForeignKey(
                        name: "FK_TrustCacheStamps_Trusts_TrustId",
                        column: x => x.TrustId,
                        principalTable: "Trusts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Every trust that exists gets its stamps; a trust added later gets them in the same SaveChanges (ADR 0131).
            migrationBuilder.Sql(@"INSERT INTO ""TrustCacheStamps"" (""TrustId"", ""PublicContent"", ""TrustWork"") SELECT ""Id"", '6F0C3B1E-58A4-4D8E-9F4A-2B7D1C0E9A11', '6F0C3B1E-58A4-4D8E-9F4A-2B7D1C0E9A11' FROM ""Trusts"";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TrustCacheStamps");

            migrationBuilder.CreateTable(
                name: "PublicContentVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublicContentVersions", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "PublicContentVersions",
                columns: new[] { "Id", "Stamp" },
                values: new object[] { 1, new Guid("6f0c3b1e-58a4-4d8e-9f4a-2b7d1c0e9a11") });
        }
    }
}
