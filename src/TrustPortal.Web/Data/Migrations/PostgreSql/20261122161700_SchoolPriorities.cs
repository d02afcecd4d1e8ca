using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SchoolPriorities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SchoolPriorities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    StrategicAimId = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    IsRetired = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolPriorities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolPriorities_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SchoolPriorities_StrategicAims_StrategicAimId",
                        column: x => x.StrategicAimId,
                        principalTable: "StrategicAims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PriorityUpdates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolPriorityId = table.Column<int>(type: "integer", nullable: false),
                    ReviewCycleId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Confidence = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    WhatWasDone = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Impact = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Evidence = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    NextSteps = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PriorityUpdates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PriorityUpdates_ReviewCycles_ReviewCycleId",
                        column: x => x.ReviewCycleId,
                        principalTable: "ReviewCycles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PriorityUpdates_SchoolPriorities_SchoolPriorityId",
                        column: x => x.SchoolPriorityId,
                        principalTable: "SchoolPriorities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PriorityUpdates_ReviewCycleId",
                table: "PriorityUpdates",
                column: "ReviewCycleId");

            migrationBuilder.CreateIndex(
                name: "IX_PriorityUpdates_SchoolPriorityId_ReviewCycleId",
                table: "PriorityUpdates",
                columns: new[] { "SchoolPriorityId", "ReviewCycleId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SchoolPriorities_SchoolId_Position",
                table: "SchoolPriorities",
                columns: new[] { "SchoolId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_SchoolPriorities_StrategicAimId",
                table: "SchoolPriorities",
                column: "StrategicAimId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PriorityUpdates");

            migrationBuilder.DropTable(
                name: "SchoolPriorities");
        }
    }
}
