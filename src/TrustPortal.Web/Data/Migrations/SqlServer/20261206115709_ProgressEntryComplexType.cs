using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ProgressEntryComplexType : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
