using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BoardMeetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "ProgressRevisions",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BoardMeetingId",
                table: "IssuedPacks",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BoardDecisionId",
                table: "ImprovementActions",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BoardMeetings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TrustId = table.Column<int>(type: "int", nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Committee = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Quorum = table.Column<int>(type: "int", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    IsExample = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BoardMeetings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BoardMeetings_Trusts_TrustId",
                        column: x => x.TrustId,
                        principalTable: "Trusts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BoardSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TrustId = table.Column<int>(type: "int", nullable: false),
                    Quorum = table.Column<int>(type: "int", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BoardSettings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BoardSettings_Trusts_TrustId",
                        column: x => x.TrustId,
                        principalTable: "Trusts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BoardDecisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TrustId = table.Column<int>(type: "int", nullable: false),
                    BoardMeetingId = table.Column<int>(type: "int", nullable: false),
                    ReviewCycleId = table.Column<int>(type: "int", nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    MinuteReference = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Notes = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    RecordedById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    RecordedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    IsExample = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BoardDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BoardDecisions_BoardMeetings_BoardMeetingId",
                        column: x => x.BoardMeetingId,
                        principalTable: "BoardMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BoardDecisions_ReviewCycles_ReviewCycleId",
                        column: x => x.ReviewCycleId,
                        principalTable: "ReviewCycles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BoardDecisions_Trusts_TrustId",
                        column: x => x.TrustId,
                        principalTable: "Trusts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeetingAttendees",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    BoardMeetingId = table.Column<int>(type: "int", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingAttendees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingAttendees_BoardMeetings_BoardMeetingId",
                        column: x => x.BoardMeetingId,
                        principalTable: "BoardMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DecisionSchools",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    BoardDecisionId = table.Column<int>(type: "int", nullable: false),
                    SchoolId = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecisionSchools", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DecisionSchools_BoardDecisions_BoardDecisionId",
                        column: x => x.BoardDecisionId,
                        principalTable: "BoardDecisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DecisionSchools_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IssuedPacks_BoardMeetingId",
                table: "IssuedPacks",
                column: "BoardMeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_ImprovementActions_BoardDecisionId",
                table: "ImprovementActions",
                column: "BoardDecisionId");

            migrationBuilder.CreateIndex(
                name: "IX_BoardDecisions_BoardMeetingId",
                table: "BoardDecisions",
                column: "BoardMeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_BoardDecisions_ReviewCycleId",
                table: "BoardDecisions",
                column: "ReviewCycleId");

            migrationBuilder.CreateIndex(
                name: "IX_BoardDecisions_TrustId_BoardMeetingId",
                table: "BoardDecisions",
                columns: new[] { "TrustId", "BoardMeetingId" });

            migrationBuilder.CreateIndex(
                name: "IX_BoardMeetings_TrustId_HeldOn",
                table: "BoardMeetings",
                columns: new[] { "TrustId", "HeldOn" });

            migrationBuilder.CreateIndex(
                name: "IX_BoardSettings_TrustId",
                table: "BoardSettings",
                column: "TrustId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DecisionSchools_BoardDecisionId_SchoolId",
                table: "DecisionSchools",
                columns: new[] { "BoardDecisionId", "SchoolId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DecisionSchools_SchoolId",
                table: "DecisionSchools",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingAttendees_BoardMeetingId_UserId",
                table: "MeetingAttendees",
                columns: new[] { "BoardMeetingId", "UserId" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_ImprovementActions_BoardDecisions_BoardDecisionId",
                table: "ImprovementActions",
                column: "BoardDecisionId",
                principalTable: "BoardDecisions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_IssuedPacks_BoardMeetings_BoardMeetingId",
                table: "IssuedPacks",
                column: "BoardMeetingId",
                principalTable: "BoardMeetings",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ImprovementActions_BoardDecisions_BoardDecisionId",
                table: "ImprovementActions");

            migrationBuilder.DropForeignKey(
                name: "FK_IssuedPacks_BoardMeetings_BoardMeetingId",
                table: "IssuedPacks");

            migrationBuilder.DropTable(
                name: "BoardSettings");

            migrationBuilder.DropTable(
                name: "DecisionSchools");

            migrationBuilder.DropTable(
                name: "MeetingAttendees");

            migrationBuilder.DropTable(
                name: "BoardDecisions");

            migrationBuilder.DropTable(
                name: "BoardMeetings");

            migrationBuilder.DropIndex(
                name: "IX_IssuedPacks_BoardMeetingId",
                table: "IssuedPacks");

            migrationBuilder.DropIndex(
                name: "IX_ImprovementActions_BoardDecisionId",
                table: "ImprovementActions");

            migrationBuilder.DropColumn(
                name: "Reason",
                table: "ProgressRevisions");

            migrationBuilder.DropColumn(
                name: "BoardMeetingId",
                table: "IssuedPacks");

            migrationBuilder.DropColumn(
                name: "BoardDecisionId",
                table: "ImprovementActions");
        }
    }
}
