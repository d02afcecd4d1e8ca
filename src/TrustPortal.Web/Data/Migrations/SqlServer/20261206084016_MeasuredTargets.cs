using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MeasuredTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "MeasureBaseline",
                table: "SuccessCriteria",
                type: "decimal(18,2)",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MeasureDirection",
                table: "SuccessCriteria",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MeasureIsExample",
                table: "SuccessCriteria",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<decimal>(
                name: "MeasureTarget",
                table: "SuccessCriteria",
                type: "decimal(18,2)",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "MeasureTargetDate",
                table: "SuccessCriteria",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MeasureUnit",
                table: "SuccessCriteria",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "MeasuredValue",
                table: "ProgressUpdates",
                type: "decimal(18,2)",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "MeasuredValue",
                table: "ProgressRevisions",
                type: "decimal(18,2)",
                precision: 18,
                scale: 2,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MeasureBaseline",
                table: "SuccessCriteria");

            migrationBuilder.DropColumn(
                name: "MeasureDirection",
                table: "SuccessCriteria");

            migrationBuilder.DropColumn(
                name: "MeasureIsExample",
                table: "SuccessCriteria");

            migrationBuilder.DropColumn(
                name: "MeasureTarget",
                table: "SuccessCriteria");

            migrationBuilder.DropColumn(
                name: "MeasureTargetDate",
                table: "SuccessCriteria");

            migrationBuilder.DropColumn(
                name: "MeasureUnit",
                table: "SuccessCriteria");

            migrationBuilder.DropColumn(
                name: "MeasuredValue",
                table: "ProgressUpdates");

            migrationBuilder.DropColumn(
                name: "MeasuredValue",
                table: "ProgressRevisions");
        }
    }
}
