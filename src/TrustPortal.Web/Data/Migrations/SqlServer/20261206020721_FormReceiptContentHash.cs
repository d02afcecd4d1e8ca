using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class FormReceiptContentHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ContentHash",
                table: "FormReceipts",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ContentHash",
                table: "FormReceipts");
        }
    }
}
