using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TrustSelfReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "UsesCstAssuranceFramework",
                table: "Trusts",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ReopenReason",
                table: "SelfEvaluations",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReopenedAt",
                table: "SelfEvaluations",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReopenedBy",
                table: "SelfEvaluations",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedBy",
                table: "Risks",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ClosedOn",
                table: "Risks",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedReason",
                table: "Risks",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TrustSelfReviews",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TrustId = table.Column<int>(type: "int", nullable: false),
                    StartYear = table.Column<int>(type: "int", nullable: false),
                    IsExample = table.Column<bool>(type: "bit", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrustSelfReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrustSelfReviews_Trusts_TrustId",
                        column: x => x.TrustId,
                        principalTable: "Trusts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PillarJudgements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TrustSelfReviewId = table.Column<int>(type: "int", nullable: false),
                    Code = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Grade = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Reasons = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    Evidence = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    By = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PillarJudgements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PillarJudgements_TrustSelfReviews_TrustSelfReviewId",
                        column: x => x.TrustSelfReviewId,
                        principalTable: "TrustSelfReviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrustReviewFiles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TrustSelfReviewId = table.Column<int>(type: "int", nullable: false),
                    Code = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    StoredKey = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    OriginalName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    UploadedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrustReviewFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrustReviewFiles_TrustSelfReviews_TrustSelfReviewId",
                        column: x => x.TrustSelfReviewId,
                        principalTable: "TrustSelfReviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PillarJudgements_TrustSelfReviewId_Code",
                table: "PillarJudgements",
                columns: new[] { "TrustSelfReviewId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrustReviewFiles_StoredKey",
                table: "TrustReviewFiles",
                column: "StoredKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrustReviewFiles_TrustSelfReviewId",
                table: "TrustReviewFiles",
                column: "TrustSelfReviewId");

            migrationBuilder.CreateIndex(
                name: "IX_TrustSelfReviews_TrustId_StartYear",
                table: "TrustSelfReviews",
                columns: new[] { "TrustId", "StartYear" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PillarJudgements");

            migrationBuilder.DropTable(
                name: "TrustReviewFiles");

            migrationBuilder.DropTable(
                name: "TrustSelfReviews");

            migrationBuilder.DropColumn(
                name: "UsesCstAssuranceFramework",
                table: "Trusts");

            migrationBuilder.DropColumn(
                name: "ReopenReason",
                table: "SelfEvaluations");

            migrationBuilder.DropColumn(
                name: "ReopenedAt",
                table: "SelfEvaluations");

            migrationBuilder.DropColumn(
                name: "ReopenedBy",
                table: "SelfEvaluations");

            migrationBuilder.DropColumn(
                name: "ClosedBy",
                table: "Risks");

            migrationBuilder.DropColumn(
                name: "ClosedOn",
                table: "Risks");

            migrationBuilder.DropColumn(
                name: "ClosedReason",
                table: "Risks");
        }
    }
}
