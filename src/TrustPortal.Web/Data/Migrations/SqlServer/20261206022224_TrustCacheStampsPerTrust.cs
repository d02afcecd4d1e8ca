using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.SqlServer
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
                    TrustId = table.Column<int>(type: "int", nullable: false),
                    PublicContent = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TrustWork = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
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
            migrationBuilder.Sql(@"INSERT INTO [TrustCacheStamps] ([TrustId], [PublicContent], [TrustWork]) SELECT [Id], NEWID(), NEWID() FROM [Trusts];");
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
                    Id = table.Column<int>(type: "int", nullable: false),
                    Stamp = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
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
